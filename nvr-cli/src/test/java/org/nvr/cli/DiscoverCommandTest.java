package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.cli.FakeAdminServer.ADMIN;
import static org.nvr.cli.FakeAdminServer.OPERATOR;

import org.junit.jupiter.api.Test;
import org.nvr.cli.FakeAdminServer.Run;

/** {@code nvr discover} and {@code nvr status} against {@link FakeAdminServer}. */
class DiscoverCommandTest extends FakeAdminCommandTest {
    /** Two devices as the NVR reports WS-Discovery ProbeMatches; the second announced no XAddrs or scopes. */
    private static final String DEVICES = "{\"devices\":["
            + "{\"endpointReference\":\"urn:uuid:4c4c4544-0044-3510-8052-b2c04f4d3132\","
            + "\"xAddrs\":[\"http://192.168.1.64/onvif/device_service\",\"http://[fe80::1]/onvif/device_service\"],"
            + "\"name\":\"HIKVISION DS-2CD2143G2-I\",\"hardware\":\"DS-2CD2143G2-I\"},"
            + "{\"endpointReference\":\"urn:uuid:0a0b0c0d-0000-1111-2222-333344445555\",\"xAddrs\":[]}]}";

    @Test
    void discoverSendsRangeAndTimeoutAndPrintsATable() {
        server.on("GET", "/api/v1/discover", 200, DEVICES);
        Run run = FakeAdminServer.run(new DiscoverCommand(env(ADMIN)), "--cidr", "192.168.1.0/24", "--timeout",
                "1500ms");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only().query()).isEqualTo("cidr=192.168.1.0%2F24&timeoutMillis=1500");
        assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                "NAME                      HARDWARE        ADDRESS                                   ENDPOINT",
                "HIKVISION DS-2CD2143G2-I  DS-2CD2143G2-I  http://192.168.1.64/onvif/device_service  "
                        + "urn:uuid:4c4c4544-0044-3510-8052-b2c04f4d3132",
                "-                         -               -                                         "
                        + "urn:uuid:0a0b0c0d-0000-1111-2222-333344445555", ""));
    }

    @Test
    void discoverDefaultsToMulticastForThreeSeconds() {
        server.on("GET", "/api/v1/discover", 200, "{\"devices\":[]}");
        Run run = FakeAdminServer.run(new DiscoverCommand(env(ADMIN)));
        assertThat(run.exitCode()).isZero();
        assertThat(server.only().query()).isEqualTo("timeoutMillis=3000");
        assertThat(run.err()).contains("no ONVIF device answered within 3000 ms");
    }

    @Test
    void badRangeOrTimeoutIsAUsageError() {
        for (String[] args : new String[][] {
            {"--cidr", "192.168.1.0"}, {"--cidr", "192.168.1.0/33"}, {"--cidr", "192.168.256.0/24"},
            {"--cidr", "example.org/24"}, {"--timeout", "3"}, {"--timeout", "0s"}, {"--timeout", "10m"}}) {
            assertThat(FakeAdminServer.run(new DiscoverCommand(env(ADMIN)), args).exitCode())
                    .as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(server.requests).isEmpty();
    }

    @Test
    void discoverNeedsTheAdminRole() {
        Run run = FakeAdminServer.run(new DiscoverCommand(env(OPERATOR)));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(run.err()).contains("needs the admin role (forbidden)");
    }

    @Test
    void statusSumsUpCamerasAndStreams() {
        server.on("GET", "/api/v1/cameras", 200, "{\"cameras\":[" + CamerasCommandTest.TOWN_SQUARE + ","
                + CamerasCommandTest.GATE + "]}");
        Run run = FakeAdminServer.run(new StatusCommand(env(OPERATOR)));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                "server     " + server.url() + " (ok)", "cameras    2 (1 enabled)", "streaming  1 of 2 streams", ""));
    }
}
