package org.nvr.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The publish log of {@link ClipPublisher}, read back: each unit's pts and publish time, and the mapping of a
 * client's RTP timestamps to units. The server's RTP timestamp is {@code (pts90k + offset) mod 2^32} with a random
 * per-session offset (RFC 3550 §5.1); the pts carry a pseudo-random jitter, so the differences between a client's
 * first three timestamps occur at one place only in the log, and that place gives the offset.
 */
final class PublishLog {
    private static final long MASK32 = 0xffff_ffffL;

    private final long[] pts;
    private final Map<Long, Long> publishNanosByPts32;

    private PublishLog(long[] pts, Map<Long, Long> publishNanosByPts32) {
        this.pts = pts;
        this.publishNanosByPts32 = publishNanosByPts32;
    }

    static PublishLog read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        long[] pts = new long[lines.size()];
        Map<Long, Long> nanos = new HashMap<>(lines.size() * 2);
        int n = 0;
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue; // the last line may be half-written: the publisher is still running
            }
            pts[n] = Long.parseLong(line.substring(0, space));
            nanos.put(pts[n] & MASK32, Long.parseLong(line.substring(space + 1)));
            n++;
        }
        return new PublishLog(Arrays.copyOf(pts, n), nanos);
    }

    int units() {
        return pts.length;
    }

    /**
     * The session's RTP timestamp offset, from the first three arrivals; -1 when they match no place or more than
     * one place of the log.
     */
    long offset(MarkerLog arrivals) {
        if (arrivals.size() < 3) {
            return -1;
        }
        long d1 = (arrivals.timestamp(1) - arrivals.timestamp(0)) & MASK32;
        long d2 = (arrivals.timestamp(2) - arrivals.timestamp(1)) & MASK32;
        long found = -1;
        for (int k = 0; k + 2 < pts.length; k++) {
            if (pts[k + 1] - pts[k] == d1 && pts[k + 2] - pts[k + 1] == d2) {
                if (found >= 0) {
                    return -1;
                }
                found = (arrivals.timestamp(0) - pts[k]) & MASK32;
            }
        }
        return found;
    }

    /** When the unit with this RTP timestamp was published, or -1 if it is not in the log. */
    long publishNanos(long rtpTimestamp, long offset) {
        Long nanos = publishNanosByPts32.get((rtpTimestamp - offset) & MASK32);
        return nanos == null ? -1 : nanos;
    }
}
