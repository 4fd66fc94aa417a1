package org.nvr.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nvr.cli.camera.RunningStream;
import org.nvr.core.camera.IngestStatus;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.cameras.StoredStream;

/**
 * A camera as {@code GET /api/v1/cameras} shows it (docs/api.md): never its password, and stream URLs without
 * credentials (they are stored so).
 *
 * @param id        camera id
 * @param enabled   recorded or not
 * @param source    rtsp, onvif or config
 * @param onvifUrl  device service address (ONVIF cameras only)
 * @param transport tcp, udp or auto
 * @param username  the camera user (shown, so an admin can tell which account the NVR uses)
 * @param diskBytes bytes of the camera's segments in the index (all streams)
 * @param streams   main first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CameraView(String id, boolean enabled, String source, String onvifUrl, String transport, String username,
                  long diskBytes, List<StreamView> streams) {

    /**
     * One stream and its ingest status (state {@code STOPPED} and no counters when it is not running).
     *
     * @param name               main or sub
     * @param url                RTSP URL without credentials
     * @param profileToken       the ONVIF profile it came from
     * @param state              CONNECTING, STREAMING, BACKOFF or STOPPED
     * @param frames             access units received since the stream started
     * @param lastFrameAgeMillis how long ago the last one came, absent before the first
     * @param reconnects         session attempts after a failure since the stream started
     * @param clockSource        how the last frame's wall time was obtained (RTCP_SR, RECEIVE_CLOCK)
     * @param fps                frames per second over the last second (absent when not running)
     * @param bitrateBps         video payload bits per second over the last second (absent when not running)
     * @param currentSegmentStart wall-clock start of the segment being written, ISO-8601 (absent when none is open)
     * @param clockOffsetMillis  the camera's clock minus the NVR's, from its last RTCP Sender Report (absent before
     *                           one): more than 5 s and its reports are not trusted for wall time
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StreamView(String name, String url, String profileToken, String state, long frames,
                      Long lastFrameAgeMillis, long reconnects, String clockSource, Double fps, Long bitrateBps,
                      String currentSegmentStart, Long clockOffsetMillis) {
    }

    /** The view of {@code camera}, with the status of each of its streams found running. */
    interface Running {
        Optional<RunningStream> stream(String cameraId, String streamName);
    }

    static CameraView of(StoredCamera camera, Running running, long diskBytes, Instant now) {
        List<StreamView> streams = new ArrayList<>();
        for (StoredStream s : camera.streams()) {
            RunningStream r = running.stream(camera.id(), s.name()).orElse(null);
            IngestStatus st = r == null ? null : r.ingest().status();
            Instant segmentStart = r == null ? null : r.recorder().status().segmentStartUtc();
            streams.add(new StreamView(s.name(), s.url(), s.profileToken().orElse(null),
                    st == null ? "STOPPED" : st.state().name(), st == null ? 0 : st.frames(),
                    st == null || st.lastFrameWall() == null ? null
                            : Math.max(0, Duration.between(st.lastFrameWall(), now).toMillis()),
                    st == null ? 0 : st.reconnects(),
                    st == null || st.clockSource() == null ? null : st.clockSource().name(),
                    r == null ? null : Math.round(r.ingest().metrics().framesPerSecond() * 100) / 100.0,
                    r == null ? null : Math.round(r.ingest().metrics().bitsPerSecond()),
                    segmentStart == null ? null : segmentStart.toString(),
                    r == null ? null : r.ingest().cameraClockOffset().map(Duration::toMillis).orElse(null)));
        }
        return new CameraView(camera.id(), camera.enabled(), camera.source().token(),
                camera.onvifUrl().map(URI::toString).orElse(null), camera.transport().name().toLowerCase(Locale.ROOT),
                camera.username().orElse(null), diskBytes, streams);
    }
}
