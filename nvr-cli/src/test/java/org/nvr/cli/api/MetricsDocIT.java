package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.ProcessMeters;
import org.nvr.core.auth.Role;

/**
 * {@code GET /metrics} of a recording NVR parsed as Prometheus text, and its {@code nvr_*} families held against
 * docs/metrics.md: each one scraped is documented with its type, and each documented as present once recording
 * runs is scraped.
 */
class MetricsDocIT {
    private static final String VIEWER = "viewer1";
    /** A table row of docs/metrics.md: | `name` | type | tags | when | meaning |. */
    private static final Pattern ROW = Pattern.compile("\\| `([a-z0-9_:]+)` \\| (\\w+) \\|[^|]*\\| (\\w+) \\|.*");

    /** The "when" values of families a recording NVR that answered one admin request must show. */
    private static final Set<String> PRESENT = Set.of("start", "recording", "request");

    @TempDir
    Path dir;

    @Test
    void everyScrapedNvrFamilyIsDocumentedAndEveryRecordingFamilyIsScraped() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ProcessMeters process = new ProcessMeters(registry);
             TestNvr nvr = TestNvr.builder(dir.resolve("data")).demo(true).segmentDuration(Duration.ofSeconds(10))
                     .user(VIEWER, Role.VIEWER).registry(registry).start()) {
            TestNvr.await("a finished segment", Duration.ofSeconds(60),
                    () -> registry.find("nvr.record.segments").counters().stream()
                            .mapToDouble(c -> c.count()).sum() >= 1);
            // One answered request, so that nvr_admin_requests_total has a series.
            assertThat(nvr.call(VIEWER, "GET", "/api/v1/server", null).status()).isEqualTo(200);
            HttpResponse<byte[]> reply = nvr.bytes(VIEWER, "GET", "/metrics", null);
            assertThat(reply.statusCode()).isEqualTo(200);
            String text = new String(reply.body(), StandardCharsets.UTF_8);
            PrometheusText.Scrape scrape = PrometheusText.parse(text);

            Map<String, String> documented = documented();
            Map<String, String> scraped = new TreeMap<>();
            scrape.types().forEach((name, type) -> {
                if (name.startsWith("nvr_")) {
                    scraped.put(name, type);
                }
            });
            assertThat(scraped).as("scraped nvr_ families (%s)", text).isNotEmpty();
            TreeSet<String> undocumented = new TreeSet<>(scraped.keySet());
            undocumented.removeAll(documented.keySet());
            assertThat(undocumented).as("nvr_ families scraped but not in docs/metrics.md").isEmpty();
            scraped.forEach((name, type) -> assertThat(documented.get(name)).as("type of " + name).isEqualTo(type));

            TreeSet<String> missing = new TreeSet<>();
            for (Map.Entry<String, String> row : recordingRows().entrySet()) {
                if (!scrape.types().containsKey(row.getKey())) {
                    missing.add(row.getKey());
                }
            }
            assertThat(missing).as("documented as present while recording but not scraped").isEmpty();
            assertThat(scrape.samples()).anySatisfy(s -> {
                assertThat(s.name()).isEqualTo("nvr_record_segments_total");
                assertThat(s.labels()).containsEntry("camera", "demo").containsEntry("stream", "main");
                assertThat(s.value()).isGreaterThanOrEqualTo(1);
            });
        }
    }

    /** Family name to type of every table row. */
    private static Map<String, String> documented() throws Exception {
        Map<String, String> rows = new TreeMap<>();
        for (String line : Files.readAllLines(doc())) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), m.group(2));
            }
        }
        assertThat(rows).as("table rows of " + doc()).isNotEmpty();
        return rows;
    }

    /** Rows whose "when" column is one of {@link #PRESENT}. */
    private static Map<String, String> recordingRows() throws Exception {
        Map<String, String> rows = new TreeMap<>();
        for (String line : Files.readAllLines(doc())) {
            Matcher m = ROW.matcher(line);
            if (m.matches() && PRESENT.contains(m.group(3))) {
                rows.put(m.group(1), m.group(2));
            }
        }
        return rows;
    }

    private static Path doc() {
        return Path.of("..", "docs", "metrics.md").toAbsolutePath().normalize();
    }
}
