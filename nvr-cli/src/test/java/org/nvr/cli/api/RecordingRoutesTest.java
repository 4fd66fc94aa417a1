package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.StreamKey;
import org.nvr.core.time.FakeNvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;

/** The recordings listing's bounds on an in-memory index: index windows joined, and the 10 000 segment cut. */
class RecordingRoutesTest {
    /** A 1280x720 High profile level 3.1 SPS (header 0x67, profile_idc 100, constraints 0, level_idc 31). */
    private static final byte[] SPS = {0x67, 0x64, 0x00, 0x1f, (byte) 0xac, (byte) 0xd9, 0x40, 0x50};
    /** A PPS (header 0x68) with a minimal body. */
    private static final byte[] PPS = {0x68, (byte) 0xeb, (byte) 0xe3, (byte) 0xcb};
    private static final VideoParameters PARAMETERS = new VideoParameters(SPS, PPS, 1280, 720, 100, 31);
    /** SHA-256 of nothing: the index stores it as given. */
    private static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final StreamKey GATE = new StreamKey("gate", "main");
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Database database;
    private H2RecordingIndex index;
    private Route route;

    @BeforeEach
    void open() {
        database = Database.inMemory("recordings-" + System.nanoTime());
        FakeNvrClock clock = new FakeNvrClock(T0);
        index = new H2RecordingIndex(database, clock);
        route = new RecordingRoutes(index, "porch"::equals, new AdminJson()).routes().get(0);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A segment of {@code length} held in one keyframe fragment of 25 frames. */
    private void addSegment(long sequence, Instant start, Duration length) {
        FragmentEntry only = new FragmentEntry(0, 1000, 100_000, 25, true);
        index.addSegment(new SegmentSummary(new SegmentStart(GATE, sequence, start, 0, PARAMETERS,
                ClockSource.RTCP_SR), Path.of("gate", "main", sequence + ".mp4"), start.plus(length),
                length.toMillis() * 90, 101_000, 25, SHA256, List.of(only), EndReason.DURATION));
    }

    private JsonNode list(String camera, Instant from, Instant to) throws Exception {
        AdminResponse.Full response = (AdminResponse.Full) route.handler().handle(new AdminRequest(HttpMethod.GET,
                RecordingRoutes.PATH, Map.of("id", camera), Map.of("from", List.of(from.toString()), "to",
                List.of(to.toString())), new DefaultHttpHeaders(), new byte[0], Optional.empty(), "192.0.2.1:1"));
        assertThat(response.status().code()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void aSegmentAcrossAnIndexWindowEdgeIsListedOnce() throws Exception {
        Instant edge = T0.plus(RecordingRoutes.WINDOW);
        addSegment(0, edge.minusSeconds(30), Duration.ofSeconds(60));
        addSegment(1, edge.plusSeconds(30), Duration.ofSeconds(60));
        JsonNode answer = list("gate", T0, T0.plus(RecordingRoutes.WINDOW.multipliedBy(2)));
        assertThat(answer.path("segments")).hasSize(2);
        assertThat(answer.path("segments").get(0).path("start").asText()).isEqualTo("2026-11-24T05:59:30Z");
        assertThat(answer.path("segments").get(1).path("start").asText()).isEqualTo("2026-11-24T06:00:30Z");
        assertThat(answer.path("truncated").asBoolean()).isFalse();
        assertThat(answer.path("span").path("segments").asLong()).isEqualTo(2);
    }

    @Test
    void moreThanTenThousandSegmentsAreCutAndSaidSo() throws Exception {
        for (int i = 0; i <= RecordingRoutes.MAX_ITEMS; i++) {
            addSegment(i, T0.plusSeconds(i), Duration.ofSeconds(1));
        }
        JsonNode answer = list("gate", T0, T0.plus(Duration.ofDays(1)));
        assertThat(answer.path("segments")).hasSize(RecordingRoutes.MAX_ITEMS);
        assertThat(answer.path("truncated").asBoolean()).isTrue();
        JsonNode last = answer.path("segments").get(RecordingRoutes.MAX_ITEMS - 1);
        assertThat(last.path("end").asText()).isEqualTo(T0.plusSeconds(RecordingRoutes.MAX_ITEMS).toString());
        // Asked again from the last segment's end, the rest comes.
        JsonNode rest = list("gate", T0.plusSeconds(RecordingRoutes.MAX_ITEMS), T0.plus(Duration.ofDays(1)));
        assertThat(rest.path("segments")).hasSize(1);
        assertThat(rest.path("truncated").asBoolean()).isFalse();
    }

    @Test
    void aConfiguredCameraWithoutRecordingsHasEmptyListsAndNoSpan() throws Exception {
        JsonNode answer = list("porch", T0, T0.plusSeconds(60));
        assertThat(answer.toString()).isEqualTo("{\"segments\":[],\"gaps\":[],\"truncated\":false}");
    }
}
