package org.nvr.cli.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nvr.cli.camera.CameraService;
import org.nvr.cli.camera.RunningStream;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.ErrorCode;
import org.nvr.core.admin.Route;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.Role;
import org.nvr.core.camera.IngestState;
import org.nvr.core.model.NvrException;
import org.nvr.core.snapshot.Snapshot;
import org.nvr.core.snapshot.Snapshotter;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.cameras.StoredCamera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/cameras/{id}/snapshot.jpg[?stream=main]} (viewers): the latest keyframe of a running stream as
 * JPEG ({@link Snapshotter}), {@code Cache-Control: no-store}. A picture is a view of live video, so each GET is
 * audited as {@code live.snapshot} before it is sent, and refused (500) if the audit log cannot take the row.
 *
 * <p>404 for an unknown camera or stream; 503 with the reason for a disabled camera, a stream not delivering
 * frames, no keyframe yet, a picture too large or not decodable, or too many snapshots at once.
 */
public final class SnapshotRoutes {
    static final String PATH = "/api/v1/cameras/{id}/snapshot.jpg";
    static final String ACTION = "live.snapshot";
    private static final String DEFAULT_STREAM = "main";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Logger log = LoggerFactory.getLogger(SnapshotRoutes.class);

    private final CameraService cameras;
    private final Snapshotter snapshots;
    private final AuditLog audit;
    private final AdminJson json;
    private final NvrClock clock;

    /**
     * @param cameras   the cameras and their running streams
     * @param snapshots makes the pictures
     * @param audit     takes a row per picture sent
     * @param json      the admin endpoint's JSON writer, for errors
     * @param clock     for audit rows
     */
    public SnapshotRoutes(CameraService cameras, Snapshotter snapshots, AuditLog audit, AdminJson json,
                          NvrClock clock) {
        this.cameras = Objects.requireNonNull(cameras, "cameras");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The routes, to register on the admin server. */
    public List<Route> routes() {
        return List.of(Route.secured(HttpMethod.GET, PATH, Role.VIEWER, this::snapshot));
    }

    private AdminResponse snapshot(AdminRequest request) throws InterruptedException {
        String id = request.pathParam("id");
        String streamName = request.queryParam("stream").orElse(DEFAULT_STREAM);
        if (!NAME.matcher(streamName).matches()) {
            throw new IllegalArgumentException("query parameter 'stream' must be 1 to 64 of [a-z0-9_-], starting"
                    + " with a letter or digit");
        }
        StoredCamera camera = cameras.get(id);
        if (camera.streams().stream().noneMatch(s -> s.name().equals(streamName))) {
            throw new NvrException(NvrException.Kind.NOT_FOUND, "camera '" + id + "' has no stream '" + streamName
                    + "'");
        }
        if (!camera.enabled()) {
            return unavailable("camera '" + id + "' is disabled");
        }
        Optional<RunningStream> running = cameras.running(id, streamName);
        if (running.isEmpty()) {
            return unavailable("camera '" + id + "' stream '" + streamName + "' is not running");
        }
        IngestState state = running.get().ingest().status().state();
        if (state != IngestState.STREAMING) {
            return unavailable("camera '" + id + "' stream '" + streamName + "' is not streaming (" + state + ")");
        }
        Snapshot snapshot;
        try {
            snapshot = snapshots.take(running.get().hub());
        } catch (NvrException e) {
            if (e.kind() != NvrException.Kind.UNAVAILABLE) {
                throw e;
            }
            log.info("snapshot of camera {} stream {}: {}", id, streamName, e.getMessage());
            return unavailable("camera '" + id + "' stream '" + streamName + "': " + e.getMessage());
        }
        if (!request.isHead()) {
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("camera", id);
            detail.put("stream", streamName);
            detail.put("capturedAt", snapshot.capturedAt().toString());
            detail.put("width", Integer.toString(snapshot.width()));
            detail.put("height", Integer.toString(snapshot.height()));
            detail.put("bytes", Integer.toString(snapshot.jpeg().length));
            try {
                audit.append(new AuditEntry(clock.wallNow(), request.auditUser(), request.remote(), ACTION, detail));
            } catch (RuntimeException e) {
                // AuditLog contract: a caller that serves video must refuse rather than serve unaudited.
                log.error("{} audit for {} failed; picture not sent", ACTION, request.remote(), e);
                return json.error(ErrorCode.INTERNAL, "internal error");
            }
        }
        return new AdminResponse.Full(HttpResponseStatus.OK, "image/jpeg", snapshot.jpeg(),
                Map.of("Cache-Control", "no-store", "Last-Modified",
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(snapshot.capturedAt().atOffset(ZoneOffset.UTC))));
    }

    /** 503 with the reason: unlike other unavailable errors, the client can act on it (enable, wait, retry). */
    private AdminResponse unavailable(String message) {
        return json.error(ErrorCode.UNAVAILABLE, message);
    }
}
