package org.nvr.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.nvr.cli.camera.CameraService;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.auth.Role;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.index.H2RecordingIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/server} (viewers): what this NVR is and holds: version, uptime, data directory, storage
 * (bytes recorded, disk free and total, oldest recording), ports and the number of cameras.
 */
public final class ServerRoutes {
    static final String PATH = "/api/v1/server";
    private static final Logger log = LoggerFactory.getLogger(ServerRoutes.class);

    private final Path dataDir;
    private final Path recordingsRoot;
    private final H2RecordingIndex index;
    private final CameraService cameras;
    private final IntSupplier rtspPort;
    private final IntSupplier adminPort;
    private final NvrClock clock;
    private final AdminJson json;
    private final Instant startedAt;
    private final long startedNanos;

    /**
     * @param dataDir        the data directory (index, recordings, quarantine)
     * @param recordingsRoot where segment files live: its file system's space is reported
     * @param index          the recording index
     * @param cameras        the cameras
     * @param rtspPort       the re-stream server's bound port
     * @param adminPort      the admin endpoint's bound port (known once it started: read per request)
     * @param clock          uptime counts from this object's construction, during the server's start
     * @param json           the admin endpoint's JSON writer
     */
    public ServerRoutes(Path dataDir, Path recordingsRoot, H2RecordingIndex index, CameraService cameras,
                        IntSupplier rtspPort, IntSupplier adminPort, NvrClock clock, AdminJson json) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.recordingsRoot = Objects.requireNonNull(recordingsRoot, "recordingsRoot");
        this.index = Objects.requireNonNull(index, "index");
        this.cameras = Objects.requireNonNull(cameras, "cameras");
        this.rtspPort = Objects.requireNonNull(rtspPort, "rtspPort");
        this.adminPort = Objects.requireNonNull(adminPort, "adminPort");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
        this.startedAt = clock.wallNow();
        this.startedNanos = clock.monotonicNanos();
    }

    /** The routes, to register on the admin server. */
    public List<Route> routes() {
        return List.of(Route.secured(HttpMethod.GET, PATH, Role.VIEWER, this::describe));
    }

    /**
     * Storage figures; disk figures are left out when the file system cannot be read, the oldest recording when
     * there is none.
     *
     * @param recordedBytes   bytes of all indexed segments
     * @param diskFreeBytes   bytes the NVR may still write on the recordings file system
     * @param diskTotalBytes  size of that file system
     * @param oldestRecording start of the oldest segment of any camera
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Storage(long recordedBytes, Long diskFreeBytes, Long diskTotalBytes, String oldestRecording) {
    }

    /** The answer. */
    record ServerView(String version, String startedAt, long uptimeSeconds, String dataDir, Storage storage,
                      int rtspPort, int adminPort, int cameras) {
    }

    private AdminResponse describe(AdminRequest request) {
        Long free = null;
        Long total = null;
        try {
            FileStore store = Files.getFileStore(recordingsRoot);
            free = store.getUsableSpace();
            total = store.getTotalSpace();
        } catch (IOException e) {
            log.warn("cannot read the space of {}: {}", recordingsRoot, e.toString());
        }
        String oldest = index.oldestSegments(null, 1).stream().findFirst().map(SegmentRow::startUtc)
                .map(Instant::toString).orElse(null);
        long uptimeSeconds = Math.max(0, (clock.monotonicNanos() - startedNanos) / 1_000_000_000L);
        return json.ok(new ServerView(version(), startedAt.toString(), uptimeSeconds,
                dataDir.toAbsolutePath().toString(), new Storage(index.totalBytes(), free, total, oldest),
                rtspPort.getAsInt(), adminPort.getAsInt(), cameras.list().size()));
    }

    /** The jar manifest's version (set by Maven), as {@code nvr --version} shows it. */
    static String version() {
        String version = ServerRoutes.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
