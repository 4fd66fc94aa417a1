package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link PrometheusText}: the exposition format's pieces, and lines it must refuse. */
class PrometheusTextTest {
    @Test
    void readsFamiliesLabelsEscapesAndSpecialValues() {
        PrometheusText.Scrape scrape = PrometheusText.parse("""
                # HELP nvr_ingest_bytes_total H.264 payload bytes received
                # TYPE nvr_ingest_bytes_total counter
                nvr_ingest_bytes_total{camera="demo",stream="main",} 1234.0
                # TYPE nvr_ingest_last_frame_age_seconds gauge
                nvr_ingest_last_frame_age_seconds{camera="a\\"b\\\\c\\nd",stream="main"} NaN
                # TYPE nvr_storage_fsync_seconds histogram
                nvr_storage_fsync_seconds_bucket{kind="file",le="+Inf"} 3 1700000000000
                nvr_storage_fsync_seconds_count{kind="file"} 3
                nvr_storage_fsync_seconds_sum{kind="file"} 1.5e-3
                """);
        assertThat(scrape.types()).containsExactly(Map.entry("nvr_ingest_bytes_total", "counter"),
                Map.entry("nvr_ingest_last_frame_age_seconds", "gauge"),
                Map.entry("nvr_storage_fsync_seconds", "histogram"));
        assertThat(scrape.samples()).hasSize(5);
        assertThat(scrape.samples().get(0).labels()).containsExactly(Map.entry("camera", "demo"),
                Map.entry("stream", "main"));
        assertThat(scrape.samples().get(0).value()).isEqualTo(1234.0);
        assertThat(scrape.samples().get(1).labels()).containsEntry("camera", "a\"b\\c\nd");
        assertThat(scrape.samples().get(1).value()).isNaN();
        assertThat(scrape.samples().get(2).family()).isEqualTo("nvr_storage_fsync_seconds");
        assertThat(scrape.samples().get(2).labels()).containsEntry("le", "+Inf");
        assertThat(scrape.samples().get(2).value()).isEqualTo(3.0);
        assertThat(scrape.samples().get(4).value()).isEqualTo(0.0015);
    }

    @Test
    void refusesSamplesWithoutTypeBadValuesLabelsAndTypes() {
        assertRefused("nvr_x_total 1\n", "without a TYPE");
        assertRefused("# TYPE nvr_x gauge\nnvr_x one\n", "bad value");
        assertRefused("# TYPE nvr_x gauge\nnvr_x 0x10\n", "bad value");
        assertRefused("# TYPE nvr_x gauge\nnvr_x{a=\"b} 1\n", "unterminated");
        assertRefused("# TYPE nvr_x gauge\nnvr_x{a=b} 1\n", "bad label");
        assertRefused("# TYPE nvr_x gauge\nnvr_x{a=\"b\"c=\"d\"} 1\n", "expected ','");
        assertRefused("# TYPE nvr_x gauge\nnvr_x{a=\"\\t\"} 1\n", "bad escape");
        assertRefused("# TYPE nvr_x gauge\nnvr_x{a=\"1\",a=\"2\"} 1\n", "twice");
        assertRefused("# TYPE nvr_x meter\n", "bad TYPE");
        assertRefused("# TYPE nvr_x gauge\n# TYPE nvr_x gauge\n", "second TYPE");
        assertRefused("# TYPE nvr_x gauge\nnvr_x_count 1\n", "without a TYPE");
        assertRefused("# TYPE nvr_x gauge\n1nvr 1\n", "bad sample");
    }

    private static void assertRefused(String text, String why) {
        assertThatThrownBy(() -> PrometheusText.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why).hasMessageContaining("line ");
    }
}
