package org.nvr.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.nvr.cli.camera.CameraService;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.H2RecordingIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /readyz} (public, like {@code /healthz}: load balancers and systemd probes have no credentials): 200
 * {@code {"status":"ready",...}} when the index answers a query and the recordings directory takes a new file
 * (one is created and deleted), else 503 {@code {"status":"not ready",...}} naming the failed check. {@code /healthz}
 * says the process answers; this says it can record.
 *
 * <p>An anonymous caller must not make the NVR touch the disk at will, so a result is reused for
 * {@code minInterval}.
 */
public final class ReadyRoutes {
    static final String PATH = "/readyz";
    /** How long a result is reused by default. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ReadyRoutes.class);

    private final H2RecordingIndex index;
    private final Path recordingsRoot;
    private final Supplier<CameraCounts> cameras;
    private final NvrClock clock;
    private final long minIntervalNanos;
    private final AdminJson json;
    private Checked last;

    /** A result and when it was made. */
    private record Checked(Readiness readiness, long atNanos) {
    }

    /**
     * @param index          must answer a query
     * @param recordingsRoot must take a new file
     * @param cameras        counted in the answer (not a check: a camera being down does not make the NVR unready)
     * @param clock          times the reuse of a result
     * @param minInterval    a result is reused this long ({@link #DEFAULT_MIN_INTERVAL})
     * @param json           the admin endpoint's JSON writer
     */
    public ReadyRoutes(H2RecordingIndex index, Path recordingsRoot, CameraService cameras, NvrClock clock,
                       Duration minInterval, AdminJson json) {
        this(index, recordingsRoot, () -> CameraCounts.of(cameras), clock, minInterval, json);
        Objects.requireNonNull(cameras, "cameras");
    }

    /** With the camera counts from elsewhere (tests). */
    ReadyRoutes(H2RecordingIndex index, Path recordingsRoot, Supplier<CameraCounts> cameras, NvrClock clock,
                Duration minInterval, AdminJson json) {
        this.index = Objects.requireNonNull(index, "index");
        this.recordingsRoot = Objects.requireNonNull(recordingsRoot, "recordingsRoot");
        this.cameras = Objects.requireNonNull(cameras, "cameras");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative: " + minInterval);
        }
        this.minIntervalNanos = minInterval.toNanos();
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The routes, to register on the admin server. */
    public List<Route> routes() {
        return List.of(Route.open(HttpMethod.GET, PATH, this::ready));
    }

    /**
     * The answer.
     *
     * @param status   ready or not ready
     * @param database ok, or failed
     * @param disk     writable, or not writable
     * @param cameras  streaming and total cameras (left out when the database failed: they come from it)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Readiness(String status, String database, String disk, CameraCounts cameras) {
        boolean ready() {
            return status.equals("ready");
        }
    }

    private AdminResponse ready(AdminRequest request) {
        Readiness readiness = current();
        return AdminResponse.json(readiness.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                json.write(readiness));
    }

    private synchronized Readiness current() {
        long now = clock.monotonicNanos();
        if (last != null && now - last.atNanos < minIntervalNanos) {
            return last.readiness;
        }
        Readiness readiness = check();
        last = new Checked(readiness, now);
        return readiness;
    }

    private Readiness check() {
        boolean database;
        CameraCounts counts = null;
        try {
            index.totalBytes();
            counts = cameras.get();
            database = true;
        } catch (RuntimeException e) {
            log.warn("readiness: the index does not answer: {}", e.toString());
            database = false;
        }
        boolean disk = writable();
        return new Readiness(database && disk ? "ready" : "not ready", database ? "ok" : "failed",
                disk ? "writable" : "not writable", counts);
    }

    /** Creates and deletes a file in the recordings directory, as a recorder starting a segment would. */
    private boolean writable() {
        Path probe = null;
        try {
            probe = Files.createTempFile(recordingsRoot, ".readyz-", ".tmp");
            return true;
        } catch (IOException | SecurityException e) {
            log.warn("readiness: {} does not take a new file: {}", recordingsRoot, e.toString());
            return false;
        } finally {
            if (probe != null) {
                try {
                    Files.delete(probe);
                } catch (IOException e) {
                    log.warn("readiness: cannot delete the probe file {}: {}", probe, e.toString());
                }
            }
        }
    }
}
