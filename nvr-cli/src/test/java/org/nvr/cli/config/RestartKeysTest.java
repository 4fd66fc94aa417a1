package org.nvr.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartKeysTest {
    private static final String BASE = """
            dataDir: /var/lib/nvr
            record:
              segmentDuration: 60s
            rtsp:
              port: 8554
            admin:
              port: 8080
            cameras:
              - id: gate
                url: rtsp://10.0.0.5/stream1
            """;

    @TempDir
    Path dir;

    private NvrConfig load(String yaml) throws IOException {
        Path file = dir.resolve("nvr.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader().load(file);
    }

    @Test
    void sameFileNeedsNoRestart() throws IOException {
        assertThat(RestartKeys.changed(load(BASE), load(BASE))).isEmpty();
    }

    @Test
    void cameraChangesNeverNeedARestart() throws IOException {
        NvrConfig running = load(BASE);
        NvrConfig file = load(BASE.replace("rtsp://10.0.0.5/stream1", "rtsp://10.0.0.6/stream1")
                + "  - id: yard\n    url: rtsp://10.0.0.7/\n    stallTimeout: 30s\n");
        assertThat(RestartKeys.changed(running, file)).isEmpty();
    }

    @Test
    void changedKeysOutsideCamerasAreNamedAsInTheFileInItsOrder() throws IOException {
        NvrConfig running = load(BASE);
        NvrConfig file = load(BASE.replace("port: 8554", "port: 8555").replace("port: 8080", "port: 9090")
                .replace("segmentDuration: 60s", "segmentDuration: 30s\n  fsync: segmentEnd")
                .replace("dataDir: /var/lib/nvr", "dataDir: /srv/nvr")
                + "storage:\n  minFreeBytes: 5GiB\ndemo:\n  enabled: false\n");
        assertThat(RestartKeys.changed(running, file)).containsExactly("dataDir", "record.segmentDuration",
                "record.fsync", "storage.minFreeBytes", "demo.enabled", "rtsp.port", "admin.port");
    }

    @Test
    void sameDirectoryWrittenDifferentlyIsNoChange() throws IOException {
        NvrConfig running = load(BASE);
        NvrConfig file = load(BASE.replace("dataDir: /var/lib/nvr", "dataDir: /var/lib/./nvr/"));
        assertThat(RestartKeys.changed(running, file)).isEmpty();
    }

    @Test
    void nullConfigurationsAreRefused() throws IOException {
        NvrConfig config = load(BASE);
        assertThatThrownBy(() -> RestartKeys.changed(null, config)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RestartKeys.changed(config, null)).isInstanceOf(NullPointerException.class);
    }
}
