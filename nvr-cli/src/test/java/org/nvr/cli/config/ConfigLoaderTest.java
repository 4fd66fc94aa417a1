package org.nvr.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.rtsp.client.TransportMode;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private NvrConfig load(String yaml) throws IOException {
        Path file = dir.resolve("nvr.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader().load(file);
    }

    @Test
    void theShippedConfigLoadsWithItsDocumentedDefaults() {
        NvrConfig config = new ConfigLoader().load(Path.of("../config/nvr.yaml"));
        NvrConfig defaults = NvrConfig.defaults();
        assertThat(config).isEqualTo(defaults);
        assertThat(config.demo().enabled()).isTrue();
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.cameras()).isEmpty();
    }

    @Test
    void readsACamera() throws IOException {
        NvrConfig config = load("""
                demo:
                  enabled: false
                cameras:
                  - id: town-square
                    url: rtsp://192.0.2.10:554/Streaming/Channels/101
                    username: nvr
                    password: s3cret
                    transport: auto
                    stallTimeout: 15s
                """);
        CameraConfig camera = config.cameras().get(0);
        assertThat(camera.id()).isEqualTo("town-square");
        assertThat(camera.transport()).isEqualTo(TransportMode.AUTO);
        assertThat(camera.stallTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(camera.enabled()).isTrue();
        assertThat(camera.toString()).doesNotContain("s3cret");
    }

    @Test
    void unknownKeyIsNamedWithItsLine() {
        assertThatThrownBy(() -> load("dataDir: /x\ncameraz: []\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2")
                .hasMessageContaining("unknown key 'cameraz'");
        assertThatThrownBy(() -> load("cameras:\n  - id: a\n    url: rtsp://h/\n    pasword: x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":4: unknown key 'cameras[0].pasword'");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> load("cameras:\n  - id: A B\n    url: rtsp://h/\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cameras[].id' must match");
        assertThatThrownBy(() -> load("cameras:\n  - id: a\n    url: rtsp://h/\n    transport: carrier-pigeon\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cameras[].transport'")
                .hasMessageContaining(":2:");
        assertThatThrownBy(() -> load("cameras:\n  - id: a\n    url: rtsp://h/\n    stallTimeout: soon\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'cameras[].stallTimeout'");
        assertThatThrownBy(() -> load("cameras:\n  - id: a\n    url: rtsp://h/\n    username: u\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'username' and 'password' go together");
        assertThatThrownBy(() -> load("cameras:\n  - url: rtsp://h/\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> load("cameras:\n  - id: a\n    url: http://h/\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'url' url must start with rtsp://");
        assertThatThrownBy(() -> load("cameras:\n  - id: a\n    url: rtsp://admin:pw@h/\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not hold credentials")
                .hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> load("demo:\n  port: 70000\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'demo.port'");
        assertThatThrownBy(() -> load("cameras:\n  - id: a\n    url: rtsp://h/\n  - id: a\n    url: rtsp://h/\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("appears twice");
    }

    @Test
    void brokenYamlIsAClearError() {
        assertThatThrownBy(() -> load("cameras: [\n  - id: a\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> new ConfigLoader().load(dir.resolve("missing.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
    }
}
