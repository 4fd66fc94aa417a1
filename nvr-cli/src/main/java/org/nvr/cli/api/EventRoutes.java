package org.nvr.cli.api;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nvr.cli.camera.CameraService;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.auth.Role;
import org.nvr.storage.events.CameraEvent;
import org.nvr.storage.events.H2EventLog;

/**
 * {@code GET /api/v1/cameras/{id}/events[?limit=100]} (viewers): the camera's newest events (ONVIF motion, tamper and
 * other topics), newest first: {@code {"events":[{"at","kind","payload"}]}}.
 */
final class EventRoutes {
    static final String PATH = "/api/v1/cameras/{id}/events";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final CameraService cameras;
    private final H2EventLog events;
    private final AdminJson json;

    EventRoutes(CameraService cameras, H2EventLog events, AdminJson json) {
        this.cameras = Objects.requireNonNull(cameras, "cameras");
        this.events = Objects.requireNonNull(events, "events");
        this.json = Objects.requireNonNull(json, "json");
    }

    List<Route> routes() {
        return List.of(Route.secured(HttpMethod.GET, PATH, Role.VIEWER, this::list));
    }

    /**
     * One event.
     *
     * @param at      the camera's time of the event (ISO-8601 UTC)
     * @param kind    {@code onvif.motion}, {@code onvif.tamper} or {@code onvif.other}
     * @param payload topic, operation, {@code source.*} and {@code data.*} items
     */
    record EventView(String at, String kind, Map<String, String> payload) {
        static EventView of(CameraEvent e) {
            return new EventView(e.at().toString(), e.kind(), e.payload());
        }
    }

    /** {@code {"events":[...]}}. */
    record Events(List<EventView> events) {
    }

    private AdminResponse list(AdminRequest request) {
        int limit = limit(request.queryParam("limit"));
        String id = cameras.get(request.pathParam("id")).id();
        return json.ok(new Events(events.recent(Optional.of(id), limit).stream().map(EventView::of).toList()));
    }

    private static int limit(Optional<String> text) {
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int value;
        try {
            value = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw new IllegalArgumentException("'limit': must be an integer in 1.." + MAX_LIMIT);
        }
        return value;
    }
}
