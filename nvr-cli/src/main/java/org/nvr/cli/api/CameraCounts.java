package org.nvr.cli.api;

import org.nvr.cli.camera.CameraService;
import org.nvr.core.camera.IngestState;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.cameras.StoredStream;

/**
 * How many cameras there are and how many deliver video: a camera counts as streaming when any of its streams is
 * {@code STREAMING}.
 *
 * @param streaming cameras with a stream delivering frames
 * @param total     every camera, enabled or not
 */
record CameraCounts(int streaming, int total) {
    static CameraCounts of(CameraService cameras) {
        int total = 0;
        int streaming = 0;
        for (StoredCamera camera : cameras.list()) {
            total++;
            for (StoredStream stream : camera.streams()) {
                boolean live = cameras.running(camera.id(), stream.name())
                        .map(r -> r.ingest().status().state() == IngestState.STREAMING).orElse(false);
                if (live) {
                    streaming++;
                    break;
                }
            }
        }
        return new CameraCounts(streaming, total);
    }
}
