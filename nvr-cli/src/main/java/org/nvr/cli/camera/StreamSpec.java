package org.nvr.cli.camera;

import java.time.Duration;
import java.util.Objects;
import org.nvr.core.record.StreamKey;
import org.nvr.core.rtsp.client.RtspClientConfig;

/**
 * What to record for one camera stream.
 *
 * @param key          camera id and stream name
 * @param rtsp         how to reach the stream (its {@code toString} hides the password)
 * @param stallTimeout no video for this long ends the session and reconnects
 */
public record StreamSpec(StreamKey key, RtspClientConfig rtsp, Duration stallTimeout) {
    public StreamSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rtsp, "rtsp");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive: " + stallTimeout);
        }
    }
}
