package org.nvr.cli.camera;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.record.StreamKey;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.cameras.CameraSource;
import org.nvr.storage.cameras.H2CameraStore;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.cameras.StoredStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which cameras the NVR records: the camera store is the list, the {@link CameraRuntime} runs what it says.
 * Cameras from nvr.yaml are copied into the store at start and stay as the file says: the API refuses to change
 * or remove them (409), and adding one of their ids is refused as a taken id.
 *
 * <p>Changes are serialized on this object, so the store and the running streams never disagree for long; they
 * block (database, and waiting for recorders to index their last segment), so call them off event loops.
 */
public final class CameraService {
    /** Stall timeout of cameras added through the API (nvr.yaml's default). */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(CameraService.class);

    private final H2CameraStore store;
    private final CameraRuntime runtime;
    private final FootageEraser eraser;
    private volatile Map<String, Duration> configuredStallTimeouts;
    private final NvrClock clock;
    private final List<CameraWatcher> watchers;

    /**
     * @param store                   the stored cameras
     * @param runtime                 runs their streams
     * @param eraser                  deletes a removed camera's footage when asked
     * @param configuredStallTimeouts stall timeout of each camera of nvr.yaml, by id
     * @param clock                   for created/updated times
     * @param watchers                told when cameras start and stop (ONVIF events, PTZ clients)
     */
    public CameraService(H2CameraStore store, CameraRuntime runtime, FootageEraser eraser,
                         Map<String, Duration> configuredStallTimeouts, NvrClock clock, List<CameraWatcher> watchers) {
        this.store = Objects.requireNonNull(store, "store");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.eraser = Objects.requireNonNull(eraser, "eraser");
        this.configuredStallTimeouts = Map.copyOf(configuredStallTimeouts);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.watchers = List.copyOf(watchers);
    }

    /**
     * At NVR start: replaces the stored config cameras with {@code configured} (the file wins), then starts every
     * enabled stored camera, with a RESTART gap from the end of its footage.
     */
    public synchronized void startAll(List<StoredCamera> configured) {
        for (String id : store.replaceConfigured(configured)) {
            log.warn("camera {}: configured in nvr.yaml, which replaces the camera of that id added through the API",
                    id);
        }
        for (StoredCamera camera : store.list()) {
            if (camera.enabled()) {
                start(camera, Interruption.RESTART);
            } else {
                log.info("camera {}: disabled", camera.id());
            }
        }
    }

    /**
     * At a configuration reload: makes the stored config cameras {@code configured} and brings the running streams
     * in line. A config camera no longer in the file is stopped (its open segment finished and indexed, footage
     * kept); a new one is started; one whose values changed (URL, credentials, transport, stall timeout,
     * enabled) is stopped and started again; one that did not change keeps running without a break. A camera added
     * through the API whose id the file now takes is replaced, as at start.
     *
     * @param configured     the file's cameras, source config
     * @param stallTimeouts  their stall timeouts, by id
     * @return what changed, one line per camera (e.g. {@code camera gate: added}), in id order
     */
    public synchronized List<String> reconfigure(List<StoredCamera> configured, Map<String, Duration> stallTimeouts) {
        Map<String, StoredCamera> before = new TreeMap<>();
        for (StoredCamera camera : store.list()) {
            before.put(camera.id(), camera);
        }
        Map<String, Duration> oldStalls = configuredStallTimeouts;
        Map<String, StoredCamera> wanted = new TreeMap<>();
        for (StoredCamera camera : configured) {
            StoredCamera old = before.get(camera.id());
            boolean same = old != null && old.source() == CameraSource.CONFIG && sameSettings(old, camera)
                    && Objects.equals(oldStalls.get(camera.id()), stallTimeouts.get(camera.id()));
            // An unchanged camera keeps its stored times; a changed one keeps when it was first configured.
            wanted.put(camera.id(), same ? old : old != null && old.source() == CameraSource.CONFIG
                    ? new StoredCamera(camera.id(), camera.enabled(), camera.source(), camera.transport(),
                    camera.onvifUrl(), camera.username(), camera.password(), camera.streams(), old.createdAt(),
                    camera.updatedAt()) : camera);
        }
        Map<String, String> changes = new TreeMap<>();
        List<StoredCamera> toStart = new ArrayList<>();
        for (StoredCamera old : before.values()) {
            StoredCamera now = wanted.get(old.id());
            if (now == old) {
                continue;
            }
            if (now == null && old.source() != CameraSource.CONFIG) {
                continue;
            }
            if (old.enabled()) {
                stop(old.id(), now == null || old.source() != CameraSource.CONFIG);
            }
            if (now == null) {
                changes.put(old.id(), "removed");
            } else if (old.source() != CameraSource.CONFIG) {
                log.warn("camera {}: configured in nvr.yaml, which replaces the camera of that id added through the"
                        + " API", old.id());
                changes.put(old.id(), "replaced (added through the API before)");
                toStart.add(now);
            } else {
                changes.put(old.id(), "changed");
                toStart.add(now);
            }
        }
        for (StoredCamera camera : wanted.values()) {
            if (!before.containsKey(camera.id())) {
                changes.put(camera.id(), "added");
                toStart.add(camera);
            }
        }
        store.replaceConfigured(List.copyOf(wanted.values()));
        configuredStallTimeouts = Map.copyOf(stallTimeouts);
        for (StoredCamera camera : toStart) {
            if (!camera.enabled()) {
                changes.put(camera.id(), changes.get(camera.id()) + " (disabled)");
                continue;
            }
            try {
                start(camera, Interruption.RECONFIGURED);
                changes.computeIfPresent(camera.id(), (id, what) -> what.equals("changed") ? "changed, restarted"
                        : what);
            } catch (RuntimeException e) {
                // The file is the list: the camera stays configured, as it would after a restart that failed to
                // start it, and the reload reports why.
                log.error("camera {}: configured but not started: {}", camera.id(), e.getMessage());
                changes.put(camera.id(), changes.get(camera.id()) + ", but not started: " + e.getMessage());
            }
        }
        List<String> lines = new ArrayList<>();
        changes.forEach((id, what) -> {
            log.info("camera {}: {} (configuration reload)", id, what);
            lines.add("camera " + id + ": " + what);
        });
        return lines;
    }

    /** Whether two cameras record the same thing the same way (times aside). */
    private static boolean sameSettings(StoredCamera a, StoredCamera b) {
        return a.enabled() == b.enabled() && a.transport() == b.transport() && a.onvifUrl().equals(b.onvifUrl())
                && a.username().equals(b.username()) && a.password().equals(b.password())
                && a.streams().equals(b.streams());
    }

    /** Every stored camera, by id. */
    public List<StoredCamera> list() {
        return store.list();
    }

    /**
     * The camera {@code id}.
     *
     * @throws NvrException NOT_FOUND
     */
    public StoredCamera get(String id) {
        return store.get(id).orElseThrow(() -> new NvrException(Kind.NOT_FOUND, "no camera '" + id + "'"));
    }

    /**
     * Stores a new camera and, if enabled, starts recording it.
     *
     * @throws NvrException FAILED_PRECONDITION if the id is taken
     */
    public synchronized void add(StoredCamera camera) {
        store.add(camera);
        if (camera.enabled()) {
            try {
                start(camera, Interruption.RESTART);
            } catch (RuntimeException e) {
                stop(camera.id(), true);
                store.remove(camera.id());
                throw e;
            }
        }
        log.info("camera {}: added ({})", camera.id(), camera);
    }

    /**
     * Stops and removes camera {@code id}, deleting its footage when asked (else it stays, and retention ages it
     * out as it does any other footage).
     *
     * @return what was deleted (nothing when footage is kept)
     * @throws NvrException NOT_FOUND; FAILED_PRECONDITION for a camera of nvr.yaml
     */
    public synchronized FootageEraser.Erased remove(String id, boolean deleteFootage) {
        StoredCamera camera = changeable(id);
        stop(camera.id(), true);
        store.remove(camera.id());
        FootageEraser.Erased erased = deleteFootage ? eraser.erase(camera.id()) : new FootageEraser.Erased(0, 0);
        log.info("camera {}: removed; footage {}", id, deleteFootage
                ? "deleted (" + erased.segments() + " segments, " + erased.bytes() + " bytes)" : "kept");
        return erased;
    }

    /**
     * Changes a camera added through the API: {@code change} gets the stored camera and gives the new one (same
     * id and source). The camera's streams stop (open segments finished and indexed) and start again with the new
     * settings, the footage on either side parted by a gap ({@link Interruption#UPDATED}); a disabled camera is only stored.
     *
     * @return the camera as now stored
     * @throws NvrException NOT_FOUND; FAILED_PRECONDITION for a camera of nvr.yaml
     */
    public synchronized StoredCamera update(String id, UnaryOperator<StoredCamera> change) {
        StoredCamera old = changeable(id);
        StoredCamera wanted = change.apply(old);
        if (!wanted.id().equals(id) || wanted.source() != old.source()) {
            throw new IllegalArgumentException("an update keeps the camera's id and source");
        }
        StoredCamera changed = store.update(new StoredCamera(id, old.enabled(), old.source(), wanted.transport(),
                wanted.onvifUrl(), wanted.username(), wanted.password(), wanted.streams(), old.createdAt(),
                clock.wallNow()));
        if (changed.enabled()) {
            stop(id, false);
            try {
                start(changed, Interruption.UPDATED);
            } catch (RuntimeException e) {
                // Refused settings must not leave the camera stopped: back to what it recorded with before.
                stop(id, false);
                store.update(old);
                start(old, Interruption.UPDATED);
                throw e;
            }
        }
        log.info("camera {}: updated ({})", id, changed);
        return changed;
    }

    /**
     * Starts or stops recording camera {@code id}; a no-op when it is so already.
     *
     * @return the camera as now stored
     * @throws NvrException NOT_FOUND; FAILED_PRECONDITION for a camera of nvr.yaml
     */
    public synchronized StoredCamera setEnabled(String id, boolean enabled) {
        StoredCamera camera = changeable(id);
        if (camera.enabled() == enabled) {
            return camera;
        }
        StoredCamera changed = store.setEnabled(id, enabled, clock.wallNow());
        if (enabled) {
            start(changed, Interruption.DISABLED);
        } else {
            stop(id, false);
        }
        log.info("camera {}: {}", id, enabled ? "enabled" : "disabled");
        return changed;
    }

    private StoredCamera changeable(String id) {
        StoredCamera camera = get(id);
        if (camera.source() == CameraSource.CONFIG) {
            throw new NvrException(Kind.FAILED_PRECONDITION, "camera '" + id + "' is configured in nvr.yaml;"
                    + " change it there");
        }
        return camera;
    }

    private void start(StoredCamera camera, Interruption since) {
        for (StreamSpec spec : specs(camera)) {
            runtime.start(spec, since);
        }
        for (CameraWatcher w : watchers) {
            w.started(camera);
        }
    }

    private void stop(String id, boolean removed) {
        for (CameraWatcher w : watchers) {
            w.stopped(id, removed);
        }
        runtime.stopCamera(id);
    }

    private List<StreamSpec> specs(StoredCamera camera) {
        Duration stall = configuredStallTimeouts.getOrDefault(camera.id(), DEFAULT_STALL_TIMEOUT);
        List<StreamSpec> specs = new ArrayList<>();
        for (StoredStream s : camera.streams()) {
            RtspClientConfig rtsp = RtspClientConfig.of(s.url(), camera.username().orElse(null),
                    camera.password().orElse(null), camera.transport());
            specs.add(new StreamSpec(new StreamKey(camera.id(), s.name()), rtsp, stall));
        }
        return specs;
    }

    /** The running stream of a camera, for status. */
    public Optional<RunningStream> running(String cameraId, String stream) {
        return runtime.stream(new StreamKey(cameraId, stream));
    }
}
