package org.nvr.core.rtsp.server;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.record.StreamKey;
import org.nvr.core.time.NvrClock;

/**
 * One RTSP session (RFC 2326 §3.4): one camera stream, one transport, and what is playing. Lives on its
 * connection's event loop; only {@link #touch()} is called from elsewhere (UDP RTCP).
 */
final class ServerSession {

    /** RFC 2326 Appendix A server states (Init is "no session"). */
    enum State { READY, PLAYING, PAUSED }

    /** What the session streams: a metric tag. */
    enum Kind {
        LIVE, RECORDED;

        String tag() {
            return this == LIVE ? "live" : "recorded";
        }
    }

    private final String id;
    private final StreamKey key;
    private final RtpSender sender;
    private final String transportDescription;
    private final NvrClock clock;
    private final Runnable onClose;
    private volatile long lastActivityNanos;
    private State state = State.READY;
    private Optional<Instant> recordedStart;
    private Streamer streamer;
    private Kind streamerKind;
    private boolean closed;

    /**
     * @param recordedStart the {@code ?start=} of the SETUP URL: the session plays recorded video from there
     * @param onClose       releases what the session holds outside itself (registry entry, UDP address)
     */
    ServerSession(String id, StreamKey key, RtpSender sender, String transportDescription,
                  Optional<Instant> recordedStart, NvrClock clock, Runnable onClose) {
        this.id = Objects.requireNonNull(id, "id");
        this.key = Objects.requireNonNull(key, "key");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.transportDescription = transportDescription;
        this.recordedStart = recordedStart;
        this.clock = clock;
        this.onClose = onClose;
        touch();
    }

    String id() {
        return id;
    }

    StreamKey key() {
        return key;
    }

    RtpSender sender() {
        return sender;
    }

    /** {@code tcp} or {@code udp}, for the audit log. */
    String transportDescription() {
        return transportDescription;
    }

    State state() {
        return state;
    }

    void state(State newState) {
        state = newState;
    }

    /** Where recorded playback of this session started (npt 0), if it plays or played recorded video. */
    Optional<Instant> recordedStart() {
        return recordedStart;
    }

    void recordedStart(Instant start) {
        recordedStart = Optional.of(start);
    }

    Streamer streamer() {
        return streamer;
    }

    Kind streamerKind() {
        return streamerKind;
    }

    /** Replaces what feeds the session, stopping the previous streamer. */
    void streamer(Streamer next, Kind kind, RtspServerMetrics metrics) {
        stopStreamer(metrics);
        streamer = next;
        streamerKind = kind;
        if (next != null) {
            metrics.streaming(key, kind.tag(), +1);
        }
    }

    void stopStreamer(RtspServerMetrics metrics) {
        if (streamer != null) {
            streamer.stop();
            metrics.streaming(key, streamerKind.tag(), -1);
            streamer = null;
            streamerKind = null;
        }
    }

    /** A request or an RTCP packet from the client: it is alive (RFC 2326 §12.37). Any thread. */
    void touch() {
        lastActivityNanos = clock.monotonicNanos();
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Ends the session: stops streaming and releases everything. Idempotent. */
    void close(RtspServerMetrics metrics) {
        if (closed) {
            return;
        }
        closed = true;
        stopStreamer(metrics);
        sender.output().close();
        onClose.run();
    }
}
