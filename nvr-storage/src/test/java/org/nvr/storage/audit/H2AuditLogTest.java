package org.nvr.storage.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.storage.index.Database;

class H2AuditLogTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final Database db = Database.inMemory("audit-" + DATABASES.incrementAndGet());
    private final H2AuditLog log = new H2AuditLog(db);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void appendedRowComesBackAsWritten() throws Exception {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", "cam1");
        detail.put("range", "2025-03-01T09:00:00Z/2025-03-01T09:05:00Z");
        detail.put("quote", "say \"hi\"\n");
        AuditEntry entry = new AuditEntry(T0.plusMillis(123), "alice", "192.0.2.7:50123", "recording.export", detail);
        log.append(entry);
        assertThat(log.recent(10)).containsExactly(entry);
        // Stored as a compact JSON object, fields in insertion order.
        assertThat(storedDetails()).containsExactly("{\"camera\":\"cam1\",\"range\":\"2025-03-01T09:00:00Z/"
                + "2025-03-01T09:05:00Z\",\"quote\":\"say \\\"hi\\\"\\n\"}");
    }

    @Test
    void recentIsNewestFirstAndLimited() {
        for (int i = 0; i < 5; i++) {
            log.append(entry(T0.plusSeconds(i), "alice", "live.view", Map.of("n", String.valueOf(i))));
        }
        // Two rows at the same instant: the one written last comes first.
        log.append(entry(T0.plusSeconds(4), "bob", "live.view", Map.of("n", "4b")));
        assertThat(log.recent(3)).extracting(e -> e.detail().get("n")).containsExactly("4b", "4", "3");
        assertThat(log.recent(10_000)).hasSize(6);
    }

    @Test
    void recentValidatesItsLimit() {
        for (int limit : new int[] {0, -1, 10_001}) {
            assertThatThrownBy(() -> log.recent(limit))
                    .isInstanceOf(NvrException.class)
                    .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.INVALID_ARGUMENT));
        }
    }

    @Test
    void queryFiltersByUserActionPrefixAndTime() {
        log.append(entry(T0, "alice", "recording.play", Map.of()));
        log.append(entry(T0.plusSeconds(10), "bob", "recording.export", Map.of()));
        log.append(entry(T0.plusSeconds(20), "alice", "recording.export", Map.of()));
        log.append(entry(T0.plusSeconds(30), "alice", "live.view", Map.of()));
        log.append(entry(T0.plusSeconds(40), "alice", "recordingXplay", Map.of()));

        assertThat(log.query(AuditQuery.newest(100).withUser("alice")))
                .extracting(AuditEntry::action)
                .containsExactly("recordingXplay", "live.view", "recording.export", "recording.play");
        assertThat(log.query(AuditQuery.newest(100).withActionPrefix("recording.")))
                .extracting(AuditEntry::user, AuditEntry::action)
                .containsExactly(tuple("alice", "recording.export"),
                        tuple("bob", "recording.export"),
                        tuple("alice", "recording.play"));
        assertThat(log.query(AuditQuery.newest(100).withUser("alice").withActionPrefix("recording.")
                .between(T0.plusSeconds(10), T0.plusSeconds(30))))
                .extracting(AuditEntry::at)
                .containsExactly(T0.plusSeconds(20));
        assertThat(log.query(AuditQuery.newest(1).withUser("alice"))).hasSize(1);
        assertThat(log.query(AuditQuery.newest(100).withUser("carol"))).isEmpty();
    }

    @Test
    void actionPrefixTreatsLikeCharactersLiterally() {
        log.append(entry(T0, "alice", "a_b", Map.of()));
        log.append(entry(T0, "alice", "axb", Map.of()));
        log.append(entry(T0, "alice", "a%c", Map.of()));
        log.append(entry(T0, "alice", "a\\d", Map.of()));
        assertThat(log.query(AuditQuery.newest(10).withActionPrefix("a_"))).extracting(AuditEntry::action)
                .containsExactly("a_b");
        assertThat(log.query(AuditQuery.newest(10).withActionPrefix("a%"))).extracting(AuditEntry::action)
                .containsExactly("a%c");
        assertThat(log.query(AuditQuery.newest(10).withActionPrefix("a\\"))).extracting(AuditEntry::action)
                .containsExactly("a\\d");
    }

    @Test
    void oversizedDetailKeepsLeadingFieldsAndStaysValidJson() throws Exception {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", "cam1");
        for (int i = 0; i < 100; i++) {
            // Quotes and control characters double in size when escaped: the cut must count escaped characters.
            detail.put("field" + i, "\"\t".repeat(20));
        }
        log.append(entry(T0, "alice", "recording.export", detail));
        String stored = storedDetails().get(0);
        assertThat(stored.length()).isLessThanOrEqualTo(H2AuditLog.MAX_DETAIL_CHARS);
        JsonNode json = new ObjectMapper().readTree(stored);
        assertThat(json.get("camera").asText()).isEqualTo("cam1");
        assertThat(json.get("truncated").asText()).isEqualTo("true");
        assertThat(json.has("field0")).isTrue();
        assertThat(json.has("field99")).isFalse();
        Map<String, String> back = log.recent(1).get(0).detail();
        assertThat(back).containsEntry("truncated", "true").containsKey("field0");
        // Fields kept are a prefix of the original order, the marker last.
        List<String> keys = List.copyOf(back.keySet());
        assertThat(keys.get(keys.size() - 1)).isEqualTo("truncated");
        assertThat(keys.subList(0, keys.size() - 1))
                .containsExactlyElementsOf(List.copyOf(detail.keySet()).subList(0, keys.size() - 1));
    }

    @Test
    void detailOfExactlyTheColumnSizeIsKeptWhole() throws Exception {
        // {"k":"<v>"} is 8 characters around the value.
        String value = "v".repeat(H2AuditLog.MAX_DETAIL_CHARS - 8);
        log.append(entry(T0, "alice", "x", Map.of("k", value)));
        assertThat(storedDetails().get(0)).hasSize(H2AuditLog.MAX_DETAIL_CHARS);
        log.append(entry(T0, "alice", "x", Map.of("k", value + "v")));
        assertThat(log.recent(1).get(0).detail()).isEqualTo(Map.of("truncated", "true"));
    }

    @Test
    void longUserRemoteAndActionAreCutToTheirColumns() {
        String user = "u".repeat(63) + "\uD83D\uDE00";
        log.append(new AuditEntry(T0, user, "r".repeat(200), "a".repeat(100), Map.of()));
        AuditEntry back = log.recent(1).get(0);
        // The emoji's surrogate pair would straddle the 64th character: dropped whole rather than split.
        assertThat(back.user()).isEqualTo("u".repeat(63));
        assertThat(back.remote()).isEqualTo("r".repeat(128));
        assertThat(back.action()).isEqualTo("a".repeat(64));
    }

    @Test
    void detailStoredByAnotherWriterThatIsNotJsonComesBackWhole() throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO audit (at, user_name, remote, action, detail) VALUES"
                    + " (TIMESTAMP WITH TIME ZONE '2025-03-01 10:00:00+00', 'x', 'local', 'old', 'not json')");
        }
        assertThat(log.recent(1).get(0).detail()).isEqualTo(Map.of("unparsed", "not json"));
    }

    @Test
    void appendOnAClosedDatabaseThrows() {
        db.close();
        assertThatThrownBy(() -> log.append(entry(T0, "alice", "live.view", Map.of())))
                .isInstanceOf(NvrException.class)
                .satisfies(e -> assertThat(((NvrException) e).kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void queryRejectsBadLimitsAndBackwardRanges() {
        assertThatThrownBy(() -> AuditQuery.newest(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditQuery.newest(10_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditQuery.newest(1).between(T0, T0.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static AuditEntry entry(Instant at, String user, String action, Map<String, String> detail) {
        return new AuditEntry(at, user, "local", action, detail);
    }

    private List<String> storedDetails() throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT detail FROM audit ORDER BY id")) {
            List<String> details = new ArrayList<>();
            while (rs.next()) {
                details.add(rs.getString(1));
            }
            return details;
        }
    }
}
