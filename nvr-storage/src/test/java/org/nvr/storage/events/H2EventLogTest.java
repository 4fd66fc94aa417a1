package org.nvr.storage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.NvrException;
import org.nvr.storage.index.Database;

class H2EventLogTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final Database db = Database.inMemory("events-" + DATABASES.incrementAndGet());
    private final H2EventLog events = new H2EventLog(db);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eventsComeBackNewestFirstPerCamera() {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("topic", "tns1:RuleEngine/CellMotionDetector/Motion");
        payload.put("IsMotion", "true");
        events.append(new CameraEvent(T0, Optional.of("gate"), "onvif.motion", payload));
        events.append(new CameraEvent(T0.plusSeconds(2), Optional.of("gate"), "onvif.motion",
                Map.of("IsMotion", "false")));
        events.append(new CameraEvent(T0.plusSeconds(1), Optional.of("square"), "onvif.tamper", Map.of()));
        events.append(new CameraEvent(T0.plusSeconds(3), Optional.empty(), "nvr.started", Map.of()));

        assertThat(events.recent(Optional.of("gate"), 10)).extracting(e -> e.payload().get("IsMotion"))
                .containsExactly("false", "true");
        assertThat(events.recent(Optional.of("gate"), 10).get(1).payload()).isEqualTo(payload);
        assertThat(events.recent(Optional.empty(), 2)).extracting(CameraEvent::kind)
                .containsExactly("nvr.started", "onvif.motion");
    }

    @Test
    void anOversizedPayloadIsCutToValidJsonNotLost() {
        Map<String, String> payload = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            payload.put("item" + i, "x".repeat(500));
        }
        events.append(new CameraEvent(T0, Optional.of("gate"), "onvif.other", payload));
        Map<String, String> stored = events.recent(Optional.of("gate"), 1).get(0).payload();
        assertThat(stored).containsEntry("truncated", "true").containsKey("item0").doesNotContainKey("item99");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> events.recent(Optional.empty(), 0)).isInstanceOf(NvrException.class);
        assertThatThrownBy(() -> new CameraEvent(T0, Optional.empty(), "", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
