package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.time.FakeNvrClock;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;

/**
 * {@code GET /readyz} on an in-memory index: each failing check on its own (these run as root too, where a
 * read-only directory would not fail), and the reuse of a result for the minimum interval.
 */
class ReadyRoutesTest {
    @TempDir
    Path dir;

    private final FakeNvrClock clock = new FakeNvrClock(Instant.parse("2026-11-24T10:15:00Z"));
    private Database database;
    private H2RecordingIndex index;

    @BeforeEach
    void open() {
        database = Database.inMemory("readyz-" + System.nanoTime());
        index = new H2RecordingIndex(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Route route(Path recordings) {
        return new ReadyRoutes(index, recordings, () -> new CameraCounts(2, 3), clock, Duration.ofSeconds(1),
                new AdminJson()).routes().get(0);
    }

    private static AdminResponse.Full get(Route route) throws Exception {
        return (AdminResponse.Full) route.handler().handle(new AdminRequest(HttpMethod.GET, "/readyz", Map.of(),
                Map.of(), new DefaultHttpHeaders(), new byte[0], Optional.empty(), "192.0.2.1:40000"));
    }

    private static String text(AdminResponse.Full response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void readyWhenTheIndexAnswersAndTheDirectoryTakesAFile() throws Exception {
        Route route = route(dir);
        assertThat(route.isPublic()).isTrue();
        AdminResponse.Full response = get(route);
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(text(response)).isEqualTo("{\"status\":\"ready\",\"database\":\"ok\",\"disk\":\"writable\","
                + "\"cameras\":{\"streaming\":2,\"total\":3}}");
        try (var left = Files.list(dir)) {
            assertThat(left).as("the probe file is deleted").isEmpty();
        }
    }

    @Test
    void notReadyWhenTheRecordingsDirectoryTakesNoFile() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("recordings"), "a file where the directory should be");
        AdminResponse.Full response = get(route(notADirectory));
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(text(response)).isEqualTo("{\"status\":\"not ready\",\"database\":\"ok\",\"disk\":\"not writable\","
                + "\"cameras\":{\"streaming\":2,\"total\":3}}");
    }

    @Test
    void notReadyWhenTheIndexDoesNotAnswer() throws Exception {
        Route route = route(dir);
        database.close();
        AdminResponse.Full response = get(route);
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(text(response)).isEqualTo("{\"status\":\"not ready\",\"database\":\"failed\","
                + "\"disk\":\"writable\"}");
    }

    @Test
    void aResultIsReusedForTheMinimumInterval() throws Exception {
        Path recordings = Files.createDirectory(dir.resolve("recordings"));
        Route route = route(recordings);
        assertThat(get(route).status().code()).isEqualTo(200);
        Files.delete(recordings);
        clock.advance(Duration.ofMillis(999));
        assertThat(get(route).status().code()).as("within the interval").isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        assertThat(get(route).status().code()).isEqualTo(503);
    }
}
