package org.nvr.cli.camera;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nvr.onvif.ptz.PtzClient;
import org.nvr.storage.cameras.StoredCamera;

/**
 * One {@link PtzClient} per ONVIF camera, kept between requests so that the camera's PTZ capabilities
 * (GetConfigurations, GetNodes) and service address (GetServices) are read once, not on every move. Bounded: at most
 * {@code maxCameras} clients, the least recently used dropped first; a removed camera's client is dropped at once
 * ({@link CameraWatcher}). A client is only reused for the camera it was made for: a camera removed and added again
 * under the same id (another device, other credentials) gets a new one. Thread-safe; clients are made outside the
 * lock (they block on the camera), so two first requests may both make one, and the later wins.
 */
public final class PtzClients implements CameraWatcher {
    /** Clients kept by default: one per camera of a large site. */
    public static final int DEFAULT_MAX_CAMERAS = CameraRuntime.DEFAULT_MAX_STREAMS / 2;

    private record Entry(URI deviceUrl, Instant cameraCreated, PtzClient client) {
    }

    private final OnvifConnector connector;
    private final int maxCameras;
    private final LinkedHashMap<String, Entry> clients;

    /**
     * @param connector  logs in to the cameras
     * @param maxCameras most clients kept ({@link #DEFAULT_MAX_CAMERAS})
     */
    public PtzClients(OnvifConnector connector, int maxCameras) {
        this.connector = Objects.requireNonNull(connector, "connector");
        if (maxCameras < 1) {
            throw new IllegalArgumentException("maxCameras must be >= 1: " + maxCameras);
        }
        this.maxCameras = maxCameras;
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > PtzClients.this.maxCameras;
            }
        };
    }

    /**
     * The PTZ client of {@code camera}, which must have an ONVIF device address; made on first use
     * (GetSystemDateAndTime to follow the camera's clock, then GetServices). Blocks on the camera then.
     */
    public PtzClient client(StoredCamera camera) {
        URI device = camera.onvifUrl().orElseThrow(() -> new IllegalArgumentException("camera '" + camera.id()
                + "' has no ONVIF address"));
        synchronized (clients) {
            Entry e = clients.get(camera.id());
            if (e != null && e.deviceUrl().equals(device) && e.cameraCreated().equals(camera.createdAt())) {
                return e.client();
            }
        }
        OnvifSession session = connector.open(device, camera.username(), camera.password());
        PtzClient client = PtzClient.forDevice(session.soap(), session.services(), device);
        synchronized (clients) {
            clients.put(camera.id(), new Entry(device, camera.createdAt(), client));
        }
        return client;
    }

    /**
     * Drops the client of {@code cameraId} (e.g. after the camera refused its UsernameTokens: its clock was set since
     * the client followed it), so the next request makes a new one.
     */
    public void forget(String cameraId) {
        synchronized (clients) {
            clients.remove(cameraId);
        }
    }

    /** The number of clients kept. */
    public int size() {
        synchronized (clients) {
            return clients.size();
        }
    }

    /** Whether a client of {@code cameraId} is kept. */
    public boolean has(String cameraId) {
        synchronized (clients) {
            return clients.containsKey(cameraId);
        }
    }

    @Override
    public void started(StoredCamera camera) {
        // Made on the first PTZ request: most cameras are fixed, and their PTZ routes are rarely asked for.
    }

    @Override
    public void stopped(String cameraId, boolean removed) {
        if (removed) {
            forget(cameraId);
        }
    }
}
