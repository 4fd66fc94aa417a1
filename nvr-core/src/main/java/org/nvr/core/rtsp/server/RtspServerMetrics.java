package org.nvr.core.rtsp.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.nvr.core.netty.OpenConnections;
import org.nvr.core.record.StreamKey;

/**
 * The RTSP server's meters (STYLE.md rule 12: {@code nvr.<area>.<thing>}, tagged by camera and stream, never by
 * session):
 * <ul>
 *   <li>{@code nvr.rtsp.sessions} gauge, tag {@code kind} = live | recorded: sessions streaming now;</li>
 *   <li>{@code nvr.rtsp.bytes.out} counter: RTP bytes handed to sockets;</li>
 *   <li>{@code nvr.rtsp.frames.dropped} counter: units live clients lost by falling behind (hub skips);</li>
 *   <li>{@code nvr.rtsp.playback.sessions} counter: recorded playbacks started;</li>
 *   <li>{@code nvr.rtsp.auth.failures} counter: refused credentials;</li>
 *   <li>{@code nvr.rtsp.requests} counter, tags {@code method} and {@code status};</li>
 *   <li>{@code nvr.rtsp.connections.refused} counter, tag {@code reason} = server_full | address_full:
 *       connections closed on accept;</li>
 *   <li>{@code nvr.rtsp.connections.timed.out} counter, tag {@code reason} = request (a request or frame did not
 *       arrive whole in time) | idle (no session and nothing received for the session timeout).</li>
 * </ul>
 * Meters exist only for camera streams that were served (the server checks a stream exists before it counts),
 * so their number is bounded by the cameras; {@link #close()} removes them all.
 */
final class RtspServerMetrics {

    private static final Set<String> METHODS = Set.of("OPTIONS", "DESCRIBE", "SETUP", "PLAY", "PAUSE",
            "TEARDOWN", "GET_PARAMETER", "SET_PARAMETER", "ANNOUNCE", "RECORD", "REDIRECT");

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> streaming = new HashMap<>();
    private final Set<Meter> meters = new HashSet<>();

    RtspServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void streaming(StreamKey key, String kind, int delta) {
        AtomicInteger count = streaming.computeIfAbsent(key + "/" + kind, k -> {
            AtomicInteger value = new AtomicInteger();
            meters.add(Gauge.builder("nvr.rtsp.sessions", value, AtomicInteger::get)
                    .description("RTSP sessions streaming now")
                    .tags("camera", key.cameraId(), "stream", key.streamName(), "kind", kind)
                    .register(registry));
            return value;
        });
        count.addAndGet(delta);
    }

    Counter bytesOut(StreamKey key) {
        return counter("nvr.rtsp.bytes.out", "camera", key.cameraId(), "stream", key.streamName());
    }

    Counter framesDropped(StreamKey key) {
        return counter("nvr.rtsp.frames.dropped", "camera", key.cameraId(), "stream", key.streamName());
    }

    void playbackStarted(StreamKey key) {
        counter("nvr.rtsp.playback.sessions", "camera", key.cameraId(), "stream", key.streamName()).increment();
    }

    void authFailure() {
        counter("nvr.rtsp.auth.failures").increment();
    }

    /** A reply was sent; unknown methods are counted as {@code other} so that the tag stays bounded. */
    void request(String method, int status) {
        String m = METHODS.contains(method) ? method : "other";
        counter("nvr.rtsp.requests", "method", m, "status", Integer.toString(status)).increment();
    }

    /** A connection was closed on accept. */
    void connectionRefused(OpenConnections.Refusal reason) {
        counter("nvr.rtsp.connections.refused", "reason", reason.tag()).increment();
    }

    /** A connection was closed for its request deadline ({@code request}) or for silence ({@code idle}). */
    void connectionTimedOut(String reason) {
        counter("nvr.rtsp.connections.timed.out", "reason", reason).increment();
    }

    synchronized void close() {
        meters.forEach(registry::remove);
        meters.clear();
        streaming.clear();
    }

    private synchronized Counter counter(String name, String... tags) {
        Counter counter = Counter.builder(name).tags(tags).register(registry);
        meters.add(counter);
        return counter;
    }
}
