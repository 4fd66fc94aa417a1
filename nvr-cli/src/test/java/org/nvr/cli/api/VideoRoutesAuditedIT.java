package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.cli.AuditedAccessPaths;
import org.nvr.core.admin.Route;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Role;
import org.nvr.core.camera.IngestState;

/**
 * The guard of issue #12's audit test: a running server's whole admin route table ({@code adminRoutes()}, as the
 * server registers it) against {@link AuditedAccessPaths#HTTP_VIDEO_ROUTES}, the routes {@code
 * AuditCompletenessIT} exercises and checks for their audit row. A route whose path ends like a video, picture or
 * playlist file must be listed; every other GET route is called as an admin on the recording demo camera and must
 * not answer a media content type, nor leave a row of video access. So a new route that sends footage fails the
 * build until it is listed, which makes {@code AuditCompletenessIT} fail until that test exercises it.
 */
class VideoRoutesAuditedIT {
    private static final String ADMIN = "admin1";

    @TempDir
    Path dir;

    @Test
    void everyRouteThatCanSendFootageIsOneTheAuditTestExercises() throws Exception {
        try (TestNvr nvr = TestNvr.builder(dir.resolve("data")).demo(true).user(ADMIN, Role.ADMIN).start()) {
            TestNvr.await("the demo camera streaming", Duration.ofSeconds(60), () -> nvr.server().status("demo")
                    != null && nvr.server().status("demo").state() == IngestState.STREAMING);
            List<Route> routes = nvr.server().adminRoutes();
            Set<String> served = new TreeSet<>();
            routes.forEach(r -> served.add(r.method() + " " + r.pattern()));
            assertThat(served).as("the audited routes exist as listed").containsAll(
                    AuditedAccessPaths.HTTP_VIDEO_ROUTES);

            Set<String> mediaByPath = new TreeSet<>();
            for (Route route : routes) {
                String path = route.pattern().toString().toLowerCase(Locale.ROOT);
                if (AuditedAccessPaths.MEDIA_SUFFIXES.stream().anyMatch(path::endsWith)) {
                    mediaByPath.add(route.method() + " " + route.pattern());
                }
            }
            assertThat(AuditedAccessPaths.HTTP_VIDEO_ROUTES).as("routes named like media files must be exercised"
                    + " by AuditCompletenessIT (list them in AuditedAccessPaths)").containsAll(mediaByPath);

            Instant before = Instant.now();
            List<String> called = new ArrayList<>();
            Set<String> mediaByContent = new TreeSet<>();
            for (Route route : routes) {
                String name = route.method() + " " + route.pattern();
                if (!route.method().name().equals("GET") || AuditedAccessPaths.HTTP_VIDEO_ROUTES.contains(name)) {
                    continue;
                }
                HttpResponse<byte[]> response = nvr.bytes(ADMIN, "GET", concrete(route), null);
                String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                called.add(name + " -> " + response.statusCode() + " " + type);
                if (AuditedAccessPaths.MEDIA_CONTENT_TYPES.stream().anyMatch(type::startsWith)) {
                    mediaByContent.add(name + " (" + type + ")");
                }
            }
            assertThat(called).as("GET routes probed").hasSizeGreaterThan(10);
            assertThat(mediaByContent).as("routes answering media, not exercised by AuditCompletenessIT; probed: "
                    + called).isEmpty();
            List<AuditEntry> videoRows = nvr.server().audit().recent(1_000).stream()
                    .filter(e -> !e.at().isBefore(before))
                    .filter(e -> e.action().startsWith("live.") || e.action().startsWith("recording."))
                    .toList();
            assertThat(videoRows).as("video access rows left by routes that are not video routes").isEmpty();
        }
    }

    /**
     * The route's pattern with the demo camera for {@code {id}}, a placeholder for other parameters, and the
     * query parameters the footage routes take (a minute up to now), so that a handler gets as far as it can.
     */
    private static String concrete(Route route) {
        String path = route.pattern().toString().replace("{id}", "demo").replaceAll("\\{[a-z]+\\}", "x");
        Instant now = Instant.now();
        String minuteAgo = q(now.minusSeconds(60).toString());
        String nowText = q(now.toString());
        return path + "?start=" + minuteAgo + "&end=" + nowText + "&from=" + minuteAgo + "&to=" + nowText
                + "&timeoutMillis=500";
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
