package org.nvr.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.admin.AdminTls;
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
        assertThat(config.record()).isEqualTo(RecordConfig.DEFAULT);
        assertThat(config.retention()).isEqualTo(RetentionConfig.DEFAULT);
        assertThat(config.storage()).isEqualTo(StorageConfig.DEFAULT);
        assertThat(config.rtsp()).isEqualTo(RtspConfig.DEFAULT);
        assertThat(config.admin()).isEqualTo(AdminConfig.DEFAULT);
    }

    @Test
    void rtspAndAdminKeys() throws IOException {
        NvrConfig config = load("""
                rtsp:
                  bind: 127.0.0.1
                  port: 0
                  allowBasic: true
                  sessionTimeout: 2m
                admin:
                  bind: 0.0.0.0
                  port: 9090
                """);
        assertThat(config.rtsp()).isEqualTo(new RtspConfig("127.0.0.1", 0, true, Duration.ofMinutes(2)));
        assertThat(config.admin()).isEqualTo(new AdminConfig("0.0.0.0", 9090));
        assertThatThrownBy(() -> load("rtsp:\n  sessionTimeout: 1s\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'rtsp.sessionTimeout'");
        assertThatThrownBy(() -> load("admin:\n  port: -1\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'admin.port'");
        assertThatThrownBy(() -> load("rtsp:\n  tls: true\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls");
    }

    @Test
    void connectionLimitsAndRequestTimeouts() throws IOException {
        NvrConfig config = load("""
                rtsp:
                  maxConnectionsPerAddress: 300
                  requestTimeout: 30s
                admin:
                  maxConnectionsPerAddress: 4
                  requestTimeout: 5s
                """);
        assertThat(config.rtsp().maxConnectionsPerAddress()).isEqualTo(300);
        assertThat(config.rtsp().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.admin().maxConnectionsPerAddress()).isEqualTo(4);
        assertThat(config.admin().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(NvrConfig.defaults().rtsp().maxConnectionsPerAddress()).isEqualTo(128);
        assertThat(NvrConfig.defaults().rtsp().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(NvrConfig.defaults().admin().maxConnectionsPerAddress()).isEqualTo(16);
        assertThat(NvrConfig.defaults().admin().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> load("rtsp:\n  maxConnectionsPerAddress: 0\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'rtsp.maxConnectionsPerAddress'");
        assertThatThrownBy(() -> load("rtsp:\n  requestTimeout: 500ms\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'rtsp.requestTimeout'");
        assertThatThrownBy(() -> load("admin:\n  maxConnectionsPerAddress: 10001\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'admin.maxConnectionsPerAddress'");
        assertThatThrownBy(() -> load("admin:\n  requestTimeout: 6m\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'admin.requestTimeout'");
        assertThatThrownBy(() -> load("admin:\n  requestTimeout: soon\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'admin.requestTimeout'");
    }

    @Test
    void adminTlsNeedsBothFilesOrNeither() throws IOException {
        NvrConfig config = load("""
                admin:
                  tls:
                    certificate: /etc/nvr/tls.crt
                    privateKey: /etc/nvr/tls.key
                """);
        assertThat(config.admin().tls()).contains(new AdminTls(Path.of("/etc/nvr/tls.crt"),
                Path.of("/etc/nvr/tls.key")));
        assertThat(load("admin:\n  tls:\n").admin().tls()).isEmpty();
        assertThatThrownBy(() -> load("admin:\n  tls:\n    certificate: /etc/nvr/tls.crt\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'admin.tls.privateKey'");
        assertThatThrownBy(() -> load("admin:\n  tls:\n    privateKey: /etc/nvr/tls.key\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'admin.tls.certificate'");
        assertThatThrownBy(() -> load("admin:\n  tls:\n    cert: /etc/nvr/tls.crt\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cert");
    }

    @Test
    void theShippedExampleCameraIsValid() throws IOException {
        // The commented example in config/nvr.yaml, uncommented, must load: it documents every camera key.
        String shipped = Files.readString(Path.of("../config/nvr.yaml"));
        String example = shipped.substring(shipped.indexOf("# Example:") + "# Example:".length())
                .lines().map(line -> line.replaceFirst("^#", "")).reduce("", (a, b) -> a + b + "\n");
        NvrConfig config = load("demo:\n  enabled: false\ncameras:\n" + example);
        CameraConfig camera = config.cameras().get(0);
        assertThat(camera.id()).isEqualTo("town-square");
        assertThat(camera.retention().maxAge()).contains(Duration.ofDays(7));
        assertThat(camera.retention().maxBytes()).isEqualTo(200L << 30);
        assertThat(camera.retention().effectiveMaxAge(config.retention())).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aCameraCannotLengthenTheLegalCeiling() throws IOException {
        NvrConfig config = load("retention:\n  maxAge: 14d\ncameras:\n  - id: a\n    url: rtsp://h/\n"
                + "    retention:\n      maxAge: 90d\n");
        assertThat(config.cameras().get(0).retention().effectiveMaxAge(config.retention()))
                .isEqualTo(Duration.ofDays(14));
    }

    @Test
    void recordRetentionAndStorageKeys() throws IOException {
        NvrConfig config = load("record:\n  segmentDuration: 2m\n  fragmentDuration: 500ms\n  fsync: segmentEnd\n"
                + "retention:\n  maxBytes: 3TiB\nstorage:\n  minFreeBytes: 512MiB\n  retentionPeriod: 10s\n");
        assertThat(config.record()).isEqualTo(new RecordConfig(Duration.ofMinutes(2), Duration.ofMillis(500), false));
        assertThat(config.retention().maxBytes()).isEqualTo(3L << 40);
        assertThat(config.storage()).isEqualTo(new StorageConfig(512L << 20, Duration.ofSeconds(10)));
        assertThatThrownBy(() -> load("record:\n  segmentDuration: 5s\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'record.segmentDuration'");
        assertThatThrownBy(() -> load("record:\n  fsync: sometimes\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'record.fsync'");
        assertThatThrownBy(() -> load("retention:\n  maxAge: 10m\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'retention.maxAge'");
        assertThatThrownBy(() -> load("storage:\n  minFreeBytes: lots\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'storage.minFreeBytes'");
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
