package org.nvr.cli.camera;

import org.nvr.storage.cameras.StoredCamera;

/**
 * Told by {@link CameraService} when a camera starts and stops running, for what runs beside its streams (ONVIF
 * event polling) or is kept per camera (PTZ clients). Called with the service's lock held: implementations return
 * quickly and never call back into the service.
 */
public interface CameraWatcher {
    /** {@code camera} started recording (NVR start, add, enable). */
    void started(StoredCamera camera);

    /**
     * Camera {@code cameraId} stopped recording.
     *
     * @param removed true when it was removed (not only disabled, or the NVR stopping)
     */
    void stopped(String cameraId, boolean removed);
}
