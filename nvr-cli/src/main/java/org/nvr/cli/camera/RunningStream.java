package org.nvr.cli.camera;

import java.util.Objects;
import org.nvr.core.camera.CameraIngest;
import org.nvr.core.record.Recorder;
import org.nvr.core.stream.StreamHub;

/**
 * A camera stream being recorded: its hub, the ingest publishing into it and the recorder draining it.
 *
 * @param spec     what is recorded
 * @param hub      the stream's hub (also what the RTSP server re-streams)
 * @param ingest   the RTSP client session and its retry loop
 * @param recorder writes segments and indexes them
 */
public record RunningStream(StreamSpec spec, StreamHub hub, CameraIngest ingest, Recorder recorder) {
    public RunningStream {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(recorder, "recorder");
    }
}
