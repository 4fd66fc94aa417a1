package org.nvr.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cli.yaml, the server URL and user, Basic credentials, API paths and tables. */
class ClientSettingsTest {
    @TempDir
    Path dir;

    private ClientEnvironment env(Map<String, String> variables) {
        return new ClientEnvironment(variables, null, dir.resolve("cli.yaml"));
    }

    @Test
    void flagOverEnvironmentOverFileOverDefault() throws Exception {
        assertThat(ServerTarget.resolve(null, "u", env(Map.of())).server())
                .hasToString(ServerTarget.DEFAULT_SERVER);
        Files.writeString(dir.resolve("cli.yaml"), "# mine\nserver: https://nvr.example.org:8443\nuser: alice\n");
        assertThat(ServerTarget.resolve(null, null, env(Map.of())))
                .isEqualTo(new ServerTarget(URI.create("https://nvr.example.org:8443"), "alice"));
        ServerTarget fromEnv = ServerTarget.resolve(null, null, env(Map.of("NVR_SERVER", "http://10.0.0.2:8080",
                "NVR_USER", "bob")));
        assertThat(fromEnv.server()).hasToString("http://10.0.0.2:8080");
        assertThat(fromEnv.user()).isEqualTo("bob");
        ServerTarget fromFlags = ServerTarget.resolve("http://10.0.0.3", "carol", env(Map.of("NVR_SERVER",
                "http://10.0.0.2:8080", "NVR_USER", "bob")));
        assertThat(fromFlags.server()).hasToString("http://10.0.0.3");
        assertThat(fromFlags.user()).isEqualTo("carol");
    }

    @Test
    void badCliYamlIsNotReadWhenFlagsSayEverything() throws Exception {
        Files.writeString(dir.resolve("cli.yaml"), "server: [unclosed\n");
        assertThat(ServerTarget.resolve("http://10.0.0.3", "carol", env(Map.of())).user()).isEqualTo("carol");
        assertThatThrownBy(() -> ServerTarget.resolve(null, "carol", env(Map.of())))
                .hasMessageContaining("is not valid YAML");
    }

    @Test
    void cliYamlRefusesOtherKeysAndShapes() throws IOException {
        Path file = dir.resolve("cli.yaml");
        Files.writeString(file, "server: http://a\nsever: http://b\n");
        assertThatThrownBy(() -> CliDefaults.read(file)).hasMessageContaining("unknown key 'sever'");
        Files.writeString(file, "password: hunter2\n");
        assertThatThrownBy(() -> CliDefaults.read(file)).hasMessageContaining("NVR_PASSWORD")
                .hasMessageNotContaining("hunter2");
        Files.writeString(file, "- server\n");
        assertThatThrownBy(() -> CliDefaults.read(file)).hasMessageContaining("must be a mapping");
        Files.writeString(file, "user: 42\n");
        assertThatThrownBy(() -> CliDefaults.read(file)).hasMessageContaining("'user'");
        Files.writeString(file, "");
        assertThat(uncheckedRead(file)).isEqualTo(CliDefaults.none());
        assertThat(uncheckedRead(dir.resolve("absent.yaml"))).isEqualTo(CliDefaults.none());
        Files.writeString(file, "user: " + "x".repeat(CliDefaults.MAX_FILE_BYTES) + "\n");
        assertThatThrownBy(() -> CliDefaults.read(file)).hasMessageContaining("larger than");
    }

    private static CliDefaults uncheckedRead(Path file) {
        try {
            return CliDefaults.read(file);
        } catch (ClientFailure e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void cliYamlUnderXdgConfigHomeWhenAbsolute() {
        Path home = Path.of("/home/alice");
        assertThat(ClientEnvironment.defaultCliYaml(Map.of(), home))
                .isEqualTo(Path.of("/home/alice/.config/nvr/cli.yaml"));
        assertThat(ClientEnvironment.defaultCliYaml(Map.of("XDG_CONFIG_HOME", "/etc/xdg-alice"), home))
                .isEqualTo(Path.of("/etc/xdg-alice/nvr/cli.yaml"));
        assertThat(ClientEnvironment.defaultCliYaml(Map.of("XDG_CONFIG_HOME", "relative"), home))
                .isEqualTo(Path.of("/home/alice/.config/nvr/cli.yaml"));
    }

    @Test
    void serverUrlMustBeHttpWithoutCredentials() {
        for (String bad : new String[] {"ftp://nvr", "http://alice:pw@nvr:8080", "http://nvr/?x=1", "nvr:8080",
            "http://nvr/#f", "http://[::1"}) {
            assertThatThrownBy(() -> ServerTarget.parseServer(bad)).as(bad)
                    .extracting(e -> ((ClientFailure) e).kind()).isEqualTo(ClientFailure.Kind.USAGE);
        }
        assertThatThrownBy(() -> ServerTarget.resolve("http://nvr", "a:b", env(Map.of())))
                .hasMessageContaining("':'");
    }

    @Test
    void basicAuthorizationIsRfc7617AndClearsThePassword() {
        char[] password = "pässword".toCharArray();
        // RFC 7617 §2.1: with charset UTF-8, "test" / "123£" gives dGVzdDoxMjPCow==.
        assertThat(Credentials.basicAuthorization("test", "123\u00a3".toCharArray()))
                .isEqualTo("Basic dGVzdDoxMjPCow==");
        String header = Credentials.basicAuthorization("alice", password);
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("alice:pässword");
        assertThat(password).containsOnly('\0');
    }

    @Test
    void passwordFromTheEnvironmentOrNone() throws ClientFailure {
        assertThat(Credentials.password(env(Map.of("NVR_PASSWORD", "pw")), "NVR_PASSWORD", "p")).containsExactly(
                'p', 'w');
        assertThatThrownBy(() -> Credentials.password(env(Map.of("NVR_PASSWORD", "")), "NVR_PASSWORD", "p"))
                .hasMessageContaining("no password");
    }

    @Test
    void pathSegmentsAreEncodedOneByOne() throws ClientFailure {
        assertThat(ApiPath.camera("gate", "ptz", "presets", "a/b ü?#")).hasToString(
                "/api/v1/cameras/gate/ptz/presets/a%2Fb%20%C3%BC%3F%23");
        assertThat(ApiPath.api("x", "..")).hasToString("/api/v1/x/%2E%2E");
        assertThat(ApiPath.api("discover").query(Map.of("cidr", "10.0.0.0/8"))).hasToString(
                "/api/v1/discover?cidr=10.0.0.0%2F8");
        assertThatThrownBy(() -> ApiPath.camera("../users")).hasMessageContaining("not a camera id");
        assertThatThrownBy(() -> ApiPath.camera("Gate")).hasMessageContaining("not a camera id");
    }

    @Test
    void errorJsonBecomesMessageAndCode() {
        ApiError error = ApiError.parse(400, ("{\"error\":{\"code\":\"bad_request\","
                + "\"message\":\"'onvif.url': must be http or https\"}}").getBytes(StandardCharsets.UTF_8),
                new ObjectMapper());
        assertThat(error).isEqualTo(new ApiError(400, Optional.of("bad_request"),
                Optional.of("'onvif.url': must be http or https")));
        ClientFailure failure = error.toFailure(ApiPath.api("cameras"));
        assertThat(failure.getMessage()).isEqualTo("'onvif.url': must be http or https (bad_request)");
        assertThat(failure.kind()).isEqualTo(ClientFailure.Kind.ERROR);
        assertThat(ApiError.parse(401, new byte[0], new ObjectMapper())
                .toFailure(ApiPath.api("cameras")).kind()).isEqualTo(ClientFailure.Kind.AUTH);
        assertThat(ApiError.parse(404, new byte[0], new ObjectMapper())
                .toFailure(ApiPath.api("cameras")).getMessage()).isEqualTo("not found (HTTP 404): /api/v1/cameras");
    }

    @Test
    void tablesAlignAndNeutraliseTerminalEscapes() {
        StringWriter text = new StringWriter();
        new TextTable("ID", "NAME", "X").row("a", "long name", "1").row("bbbb", "\u001b]0;title\u0007", null)
                .print(new PrintWriter(text, true));
        assertThat(text.toString()).isEqualTo(String.join(System.lineSeparator(),
                "ID    NAME        X",
                "a     long name   1",
                "bbbb  ?]0;title?", ""));
        assertThatThrownBy(() -> new TextTable("A").row("1", "2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsAsPeopleWriteThem() {
        DurationConverter converter = new DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(converter.convert("1m")).isEqualTo(Duration.ofMinutes(1));
        for (String bad : new String[] {"3", "-1s", "1.5s", "PT3S", "3 h", ""}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class);
        }
    }
}
