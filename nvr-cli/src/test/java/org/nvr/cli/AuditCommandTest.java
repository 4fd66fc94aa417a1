package org.nvr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.cli.FakeAdminServer.ADMIN;
import static org.nvr.cli.FakeAdminServer.OPERATOR;
import static org.nvr.cli.FakeAdminServer.PASSWORD;

import org.junit.jupiter.api.Test;
import org.nvr.cli.FakeAdminServer.Run;

/** {@code nvr audit} against {@link FakeAdminServer}. */
class AuditCommandTest extends FakeAdminCommandTest {
    /** Two rows as docs/api.md shapes them, newest first; the second has an empty detail. */
    private static final String ENTRIES = "{\"entries\":["
            + "{\"at\":\"2025-03-01T09:05:00Z\",\"user\":\"alice\",\"remote\":\"192.0.2.7:51234\","
            + "\"action\":\"user.update\","
            + "\"detail\":{\"user\":\"bob\",\"role\":\"operator\",\"password\":\"changed\"}},"
            + "{\"at\":\"2025-03-01T09:00:00Z\",\"user\":\"-\",\"remote\":\"192.0.2.9:40000\","
            + "\"action\":\"auth.failure\",\"detail\":{}}]}";

    @Test
    void filtersGoInTheQueryAndRowsInATable() {
        server.on("GET", "/api/v1/audit", 200, ENTRIES);
        Run run = FakeAdminServer.run(new AuditCommand(env(ADMIN)), "--by", "alice", "--action", "user.",
                "--from", "2025-03-01T00:00:00Z", "--to", "2025-03-02T00:00:00Z", "--limit", "5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.only().query()).isEqualTo("user=alice&action=user.&from=2025-03-01T00%3A00%3A00Z"
                + "&to=2025-03-02T00%3A00%3A00Z&limit=5");
        assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                "AT                    USER   REMOTE           ACTION        DETAIL",
                "2025-03-01T09:05:00Z  alice  192.0.2.7:51234  user.update   user=bob role=operator password=changed",
                "2025-03-01T09:00:00Z  -      192.0.2.9:40000  auth.failure  -", ""));
    }

    @Test
    void withoutFiltersOnlyTheDefaultLimitIsSent() {
        server.on("GET", "/api/v1/audit", 200, "{\"entries\":[]}");
        Run run = FakeAdminServer.run(new AuditCommand(env(ADMIN)), "--json");
        assertThat(run.exitCode()).isZero();
        assertThat(server.only().query()).isEqualTo("limit=100");
        assertThat(run.out()).contains("\"entries\" : [ ]");
    }

    @Test
    void badLimitsAndRangesAreUsageErrors() {
        for (String[] args : new String[][] {{"--limit", "0"}, {"--limit", "1001"}, {"--limit", "many"},
            {"--from", "2025-03-02T00:00:00Z", "--to", "2025-03-01T00:00:00Z"}, {"--from", "today"}}) {
            assertThat(FakeAdminServer.run(new AuditCommand(env(ADMIN)), args).exitCode())
                    .as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
        }
        assertThat(server.requests).isEmpty();
    }

    @Test
    void theAuditLogNeedsTheAdminRole() {
        Run run = FakeAdminServer.run(new AuditCommand(env(OPERATOR)));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTH_FAILURE);
        assertThat(run.err()).contains("needs the admin role (forbidden)");
        assertThat(run.all()).doesNotContain(PASSWORD);
    }
}
