package org.nvr.core.demo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.nvr.core.h264.H264Packetizer;
import org.nvr.core.time.NvrClock;

/**
 * One session's video: loops the clip forever in real time, as a camera sends its live picture.
 *
 * <p>Frame {@code n} (counted from PLAY, across loops) carries RTP timestamp {@code start + n * 90000 / fps}
 * and is due at {@code playTime + n / fps}; each frame is scheduled from that due time, not from the previous
 * send, so pacing does not drift. When the event loop falls more than {@link #MAX_LATENESS_NANOS} behind, the
 * schedule restarts from now rather than sending a burst.
 *
 * <p>Backpressure: when the sink is not writable (the client reads too slowly) the frame is skipped, and after
 * that the stream resumes only at a keyframe, so the client never gets a picture it cannot decode and nothing
 * is buffered beyond the connection's write buffer.
 *
 * <p>Runs on one event loop (its connection's); only {@link #touch()} may be called from elsewhere.
 */
final class DemoStream {

    /** RTP clock rate for H.264 video (RFC 6184 §8.2.1). */
    static final long CLOCK_RATE = 90_000;
    private static final long MAX_LATENESS_NANOS = 1_000_000_000L;
    /** RFC 3550 §6.5.1: CNAME, the same for every session of this process is fine (one source of time). */
    private static final String CNAME = "nvr-demo-camera";

    private final DemoClip clip;
    private final RtpSink sink;
    private final H264Packetizer packetizer;
    private final long startTimestamp;
    private final EventExecutor loop;
    private final NvrClock clock;
    private final long rtcpIntervalNanos;
    private final DemoCounters counters;
    private final ByteBufAllocator alloc;

    private boolean playing;
    private boolean stopped;
    private long frameIndex;
    private long playNanos;
    private long nextReportNanos;
    private boolean waitingForKeyframe;
    private ScheduledFuture<?> next;
    private volatile long lastRtcpNanos;

    DemoStream(DemoClip clip, RtpSink sink, H264Packetizer packetizer, long startTimestamp, EventExecutor loop,
               NvrClock clock, Duration rtcpInterval, DemoCounters counters, ByteBufAllocator alloc) {
        this.clip = clip;
        this.sink = sink;
        this.packetizer = packetizer;
        this.startTimestamp = startTimestamp;
        this.loop = loop;
        this.clock = clock;
        this.rtcpIntervalNanos = rtcpInterval.toNanos();
        this.counters = counters;
        this.alloc = alloc;
        this.lastRtcpNanos = clock.monotonicNanos();
    }

    long ssrc() {
        return packetizer.ssrc();
    }

    /** RTP timestamp of the first frame after PLAY (for RTP-Info). */
    long startTimestamp() {
        return startTimestamp;
    }

    /** Sequence number of the first packet after PLAY (for RTP-Info). */
    int startSequence() {
        return packetizer.nextSequence();
    }

    boolean playing() {
        return playing;
    }

    /** Starts sending; the first frame goes out after the current task, so after the PLAY response. */
    void play() {
        if (playing || stopped) {
            return;
        }
        playing = true;
        playNanos = clock.monotonicNanos();
        nextReportNanos = playNanos;
        counters.playingSessions.incrementAndGet();
        next = loop.schedule(this::sendDue, 0, TimeUnit.NANOSECONDS);
    }

    /** Stops sending for good. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
        if (playing) {
            counters.playingSessions.decrementAndGet();
        }
        sink.close();
    }

    /** Records that the client is alive (an RTCP packet from it); thread-safe. */
    void touch() {
        lastRtcpNanos = clock.monotonicNanos();
    }

    /** Monotonic time of the last RTCP packet from the client, or of the session's creation. */
    long lastRtcpNanos() {
        return lastRtcpNanos;
    }

    private void sendDue() {
        if (stopped) {
            return;
        }
        long now = clock.monotonicNanos();
        DemoClip.Frame frame = clip.frame(frameIndex);
        if (!sink.writable()) {
            waitingForKeyframe = true;
            counters.framesSkipped.increment();
        } else if (waitingForKeyframe && !frame.keyframe()) {
            counters.framesSkipped.increment();
        } else {
            waitingForKeyframe = false;
            sink.sendFrame(packetizer, frame.nalus(), timestampOf(frameIndex), reportIfDue(now));
            counters.framesSent.increment();
        }
        frameIndex++;
        long delay = dueNanos(frameIndex) - clock.monotonicNanos();
        if (delay < -MAX_LATENESS_NANOS) {
            // The loop stalled (GC, overload): restart the schedule instead of bursting a second of frames.
            playNanos = clock.monotonicNanos() - (dueNanos(frameIndex) - playNanos);
            delay = 0;
        }
        next = loop.schedule(this::sendDue, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    private long dueNanos(long index) {
        return playNanos + index * 1_000_000_000L / clip.fps();
    }

    private long timestampOf(long index) {
        return (startTimestamp + index * CLOCK_RATE / clip.fps()) & 0xffffffffL;
    }

    /** RFC 3550 §6.4.1: the SR pairs the wall clock now with the RTP timestamp of this same instant. */
    private ByteBuf reportIfDue(long now) {
        if (now < nextReportNanos) {
            return null;
        }
        nextReportNanos = now + rtcpIntervalNanos;
        long rtpNow = (startTimestamp + (now - playNanos) * CLOCK_RATE / 1_000_000_000L) & 0xffffffffL;
        return DemoRtcp.senderReport(alloc, packetizer.ssrc(), clock.wallNow(), rtpNow,
                packetizer.packetCount(), packetizer.octetCount(), CNAME);
    }
}
