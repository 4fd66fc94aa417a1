package org.nvr.cli.api;

import java.util.Objects;
import org.nvr.cli.camera.CameraService;
import org.nvr.cli.camera.OnvifConnector;
import org.nvr.cli.camera.OnvifSession;
import org.nvr.core.model.NvrException;
import org.nvr.storage.cameras.StoredCamera;

/** Opens an ONVIF session to a stored camera, for the time and configuration routes. */
final class OnvifCameras {
    private final CameraService cameras;
    private final OnvifConnector connector;

    OnvifCameras(CameraService cameras, OnvifConnector connector) {
        this.cameras = Objects.requireNonNull(cameras, "cameras");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * A session to camera {@code id}.
     *
     * @throws NvrException NOT_FOUND for an unknown camera; FAILED_PRECONDITION (409) for a camera not added by
     *                      ONVIF (it has no device address)
     */
    OnvifSession open(String id) {
        StoredCamera camera = cameras.get(id);
        if (camera.onvifUrl().isEmpty()) {
            throw new NvrException(NvrException.Kind.FAILED_PRECONDITION, "camera '" + id + "' was added by "
                    + camera.source().token() + ", not ONVIF: it has no device address for time and configuration");
        }
        return connector.open(camera.onvifUrl().get(), camera.username(), camera.password());
    }
}
