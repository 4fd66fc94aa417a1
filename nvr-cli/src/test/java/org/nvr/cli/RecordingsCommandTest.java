package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.cli.FakeAdminServer.VIEWER;

import org.junit.jupiter.api.Test;
import org.nvr.cli.FakeAdminServer.Run;

/** {@code nvr recordings} against {@link FakeAdminServer}. */
class RecordingsCommandTest extends FakeAdminCommandTest {
    /**
     * Two segments and the gap between them as docs/api.md shapes them; the second segment starts at a fractional
     * second, which sorts before the gap's whole second as text but after it in time.
     */
    private static final String RECORDINGS = "{\"segments\":["
            + "{\"id\":41,\"start\":\"2025-03-01T09:00:00Z\",\"end\":\"2025-03-01T09:01:00Z\",\"frames\":1500,"
            + "\"bytes\":3145728,\"endReason\":\"GAP\",\"sha256\":\"" + "ab".repeat(32) + "\","
            + "\"clockSource\":\"RTCP_SR\"},"
            + "{\"id\":42,\"start\":\"2025-03-01T09:01:10.500Z\",\"end\":\"2025-03-01T09:02:10.500Z\","
            + "\"frames\":1500,"
            + "\"bytes\":3100000,\"endReason\":\"DURATION\",\"sha256\":\"" + "cd".repeat(32) + "\","
            + "\"clockSource\":\"RECEIVE_CLOCK\"}],"
            + "\"gaps\":[{\"start\":\"2025-03-01T09:01:00Z\",\"end\":\"2025-03-01T09:01:10.500Z\","
            + "\"cause\":\"NETWORK\","
            + "\"detail\":\"no packets for 10 s\"}],"
            + "\"span\":{\"first\":\"2025-02-01T00:00:00Z\",\"last\":\"2025-03-01T09:02:10.500Z\","
            + "\"bytes\":99000000,\"segments\":31},\"truncated\":false}";

    private Run recordings(String... args) {
        return FakeAdminServer.run(new RecordingsCommand(env(VIEWER)), args);
    }

    @Test
    void segmentsAndGapsAreOneTableInTimeOrder() {
        server.on("GET", "/api/v1/cameras/gate/recordings", 200, RECORDINGS);
        Run run = recordings("gate", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T10:00:00Z");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only().query())
                .isEqualTo("from=2025-03-01T09%3A00%3A00Z&to=2025-03-01T10%3A00%3A00Z&stream=main");
        assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                "START                     END                       KIND     FRAMES  BYTES    DETAIL",
                "2025-03-01T09:00:00Z      2025-03-01T09:01:00Z      segment  1500    3145728  GAP RTCP_SR",
                "2025-03-01T09:01:00Z      2025-03-01T09:01:10.500Z  gap      -       -        NETWORK: no packets"
                        + " for 10 s",
                "2025-03-01T09:01:10.500Z  2025-03-01T09:02:10.500Z  segment  1500    3100000  DURATION RECEIVE_CLOCK",
                "camera holds 31 segments, 99000000 bytes, from 2025-02-01T00:00:00Z to 2025-03-01T09:02:10.500Z"
                        + " (all streams)", ""));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonIsTheServersAnswerAndATruncatedAnswerIsSaidSo() {
        server.on("GET", "/api/v1/cameras/gate/recordings", 200,
                "{\"segments\":[],\"gaps\":[],\"truncated\":true}");
        Run run = recordings("gate", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T10:00:00Z",
                "--stream", "sub");
        assertThat(run.exitCode()).isZero();
        assertThat(server.only().query()).endsWith("&stream=sub");
        assertThat(run.out()).contains("camera holds no recordings");
        assertThat(run.err()).contains("ask again with --from set to the last segment's end");

        Run json = recordings("gate", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T10:00:00Z", "--json");
        assertThat(json.out()).contains("\"truncated\" : true").doesNotContain("START");
    }

    @Test
    void badArgumentsAreUsageErrorsAndNothingIsSent() {
        for (String[] args : new String[][] {
            {"gate", "--from", "2025-03-01T10:00:00Z", "--to", "2025-03-01T09:00:00Z"},
            {"gate", "--from", "2025-03-01T00:00:00Z", "--to", "2025-04-01T00:00:01Z"},
            {"gate", "--from", "yesterday", "--to", "2025-03-01T09:00:00Z"},
            {"gate", "--from", "2025-03-01T09:00:00Z"},
            {"../gate", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T10:00:00Z"},
            {"gate", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T10:00:00Z", "--stream", "Main"}}) {
            assertThat(recordings(args).exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(server.requests).isEmpty();
    }

    @Test
    void anUnknownCameraIsNotFound() {
        server.on("GET", "/api/v1/cameras/gate/recordings", 404,
                FakeAdminServer.errorJson("not_found", "no camera 'gate'"));
        Run run = recordings("gate", "--from", "2025-03-01T09:00:00Z", "--to", "2025-03-01T10:00:00Z");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).isEqualTo("error: no camera 'gate' (not_found)" + System.lineSeparator());
    }
}
