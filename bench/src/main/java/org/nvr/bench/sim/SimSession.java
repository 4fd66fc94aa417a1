package org.nvr.bench.sim;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import org.nvr.core.time.NvrClock;

/**
 * One RTSP session's video: the clip in a loop, forever, on a timeline fixed at the first PLAY.
 *
 * <p>Picture {@code n} (counted from the first PLAY, across loops) is due at {@code start + n / fps} on the monotonic
 * clock and carries RTP time {@code offset + n * 90000 / fps}: both follow from {@code n}, never from the previous
 * send, so the stream does not drift however late single pictures go out. With jitter a picture goes out at its due
 * time plus its own random delay; it is never reordered, since a session has one picture waiting in its loop's
 * {@link LoopPacer} at a time.
 *
 * <p>A picture is not sent, and the session then waits for the next keyframe so that the client never gets a picture
 * it cannot decode, when the TCP client has not read what is queued (the connection is above its write buffer's
 * high-water mark: "skipped"), or when the event loop is more than {@value #MAX_LATENESS_MILLIS} ms late for it
 * ("late": a stalled loop skips ahead instead of bursting). Skipped pictures use no sequence numbers; their
 * timestamps are simply absent, as when a camera's encoder drops frames.
 *
 * <p>Runs on its connection's event loop; not thread-safe.
 */
final class SimSession {

    private static final long MAX_LATENESS_MILLIS = 1000;
    private static final long MAX_LATENESS_NANOS = MAX_LATENESS_MILLIS * 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** What PLAY answers in RTP-Info (RFC 2326 §12.33): the first packet's sequence number and RTP time. */
    record RtpInfo(int sequence, long timestamp32) {
    }

    private final String id;
    private final PacketizedClip clip;
    private final MediaOutput output;
    private final Impairments impairments;
    private final SimCounters counters;
    private final NvrClock clock;
    private final long rtcpIntervalNanos;
    private final long silenceTimeoutNanos;
    private final long ssrc;
    private final long timestampOffset;
    private Runnable onTimeout = () -> { };

    private int nextSequence;
    private boolean started;
    private boolean playing;
    private boolean stopped;
    private long startNanos;
    private Instant wallAtStart;
    private long pictureNumber;
    private long sendAtNanos;
    private LongAdder waitingForKeyframe;
    private long nextReportNanos;
    private long packetCount;
    private long octetCount;
    private long lastAliveNanos;

    /**
     * @param silenceTimeoutNanos end the session when its client is silent this long; 0 never (TCP sessions end
     *                            with their connection)
     * @param initialSequence     the first RTP sequence number, 0..65535 (RFC 3550 §5.1: random)
     * @param timestampOffset     RTP time of picture 0, 0..2^32-1 (§5.1: random)
     */
    SimSession(String id, PacketizedClip clip, MediaOutput output, Impairments impairments, SimCounters counters,
               NvrClock clock, long rtcpIntervalNanos, long silenceTimeoutNanos, long ssrc, int initialSequence,
               long timestampOffset) {
        this.id = id;
        this.clip = clip;
        this.output = output;
        this.impairments = impairments;
        this.counters = counters;
        this.clock = clock;
        this.rtcpIntervalNanos = rtcpIntervalNanos;
        this.silenceTimeoutNanos = silenceTimeoutNanos;
        this.ssrc = ssrc;
        this.nextSequence = initialSequence;
        this.timestampOffset = timestampOffset;
        this.lastAliveNanos = clock.monotonicNanos();
    }

    String id() {
        return id;
    }

    long ssrc() {
        return ssrc;
    }

    MediaOutput output() {
        return output;
    }

    boolean playing() {
        return playing;
    }

    /** When the next picture is to go out, on the monotonic clock; the pacer's key. */
    long sendAtNanos() {
        return sendAtNanos;
    }

    /** What to run when the session ends itself (its client went silent): the owner forgets it. */
    void onTimeout(Runnable action) {
        this.onTimeout = action;
    }

    /**
     * Starts or resumes sending. The first PLAY fixes the timeline with picture 0 due now; a PLAY after PAUSE
     * resumes at the first keyframe due from now on, since a live camera goes on while a client pauses.
     *
     * @return the RTP-Info of the first packet that will go out
     */
    RtpInfo play(long nowNanos) {
        if (!started) {
            started = true;
            startNanos = nowNanos;
            wallAtStart = clock.wallNow();
            pictureNumber = 0;
        } else if (!playing) {
            pictureNumber = firstKeyframeFrom(nowNanos);
        }
        if (!playing && !stopped) {
            playing = true;
            counters.playingSessions.incrementAndGet();
            waitingForKeyframe = null;
            nextReportNanos = nowNanos; // RFC 3550 §6.4.1: a report with the first picture, for the wall clock
            sendAtNanos = dueNanos(pictureNumber) + impairments.nextJitterNanos();
            touch();
        }
        return new RtpInfo(nextSequence, timestamp32(pictureNumber));
    }

    /** Stops sending until the next PLAY (RFC 2326 §10.6). */
    void pause() {
        if (playing) {
            playing = false;
            counters.playingSessions.decrementAndGet();
        }
    }

    /** Ends the session for good. */
    void stop() {
        if (stopped) {
            return;
        }
        pause();
        stopped = true;
        output.close();
    }

    /** The client showed it is alive: a request on its connection, or RTCP from it. */
    void touch() {
        lastAliveNanos = clock.monotonicNanos();
    }

    /**
     * Sends the picture that is due (or skips it), then schedules the next one.
     *
     * @return whether the session stays in the pacer
     */
    boolean sendDue(long nowNanos) {
        if (!playing) {
            return false;
        }
        if (silenceTimeoutNanos > 0 && nowNanos - lastAliveNanos > silenceTimeoutNanos) {
            counters.sessionsTimedOut.increment();
            stop();
            onTimeout.run();
            return false;
        }
        long dueNanos = dueNanos(pictureNumber);
        int picture = clip.pictureOf(pictureNumber);
        if (nowNanos - dueNanos > MAX_LATENESS_NANOS) {
            skip(counters.framesLate);
        } else if (!output.writable()) {
            skip(counters.framesSkipped);
        } else if (waitingForKeyframe != null && !clip.keyframe(picture)) {
            waitingForKeyframe.increment();
        } else {
            waitingForKeyframe = null;
            send(picture, dueNanos, nowNanos);
        }
        pictureNumber++;
        sendAtNanos = dueNanos(pictureNumber) + impairments.nextJitterNanos();
        return !stopped;
    }

    private void skip(LongAdder reason) {
        reason.increment();
        waitingForKeyframe = reason;
    }

    private void send(int picture, long dueNanos, long nowNanos) {
        long timestamp32 = timestamp32(pictureNumber);
        int first = clip.firstPacket(picture);
        int end = first + clip.packetsOf(picture);
        int sent = 0;
        Instant reportWallClock = null;
        output.beginPicture(end - first);
        try {
            for (int packet = first; packet < end; packet++) {
                int sequence = nextSequence;
                nextSequence = (nextSequence + 1) & 0xffff;
                // The SR's counts are the sender's (RFC 3550 §6.4.1): a simulated loss happens on the network,
                // after the camera sent the packet, so lost packets count too.
                packetCount++;
                octetCount += clip.payloadLength(packet);
                if (impairments.dropNext()) {
                    continue;
                }
                output.packet(packet, sequence, timestamp32, clip.marker(packet));
                sent++;
            }
            if (nowNanos >= nextReportNanos) {
                nextReportNanos = nowNanos + rtcpIntervalNanos;
                // RFC 3550 §6.4.1: the NTP time of the instant the RTP timestamp stands for, i.e. this picture's
                // due time on the wall clock, however late (jitter, a busy loop) it actually goes out. Taken from
                // the wall clock read once at the first PLAY plus the monotonic timeline, so that every report of
                // the session lies on one line: reading both clocks per report let a preemption between the two
                // reads (milliseconds on a loaded machine) show up as a clock error. A later step of the system's
                // wall clock is not followed; its rate is, since Linux slews CLOCK_MONOTONIC with it.
                reportWallClock = wallAtStart.plusNanos(dueNanos - startNanos);
            }
        } finally {
            output.endPicture(reportWallClock, timestamp32, packetCount, octetCount);
        }
        counters.framesSent.increment();
        counters.packetsSent.add(sent);
        counters.packetsLost.add(end - first - sent);
    }

    private long dueNanos(long n) {
        return startNanos + n * NANOS_PER_SECOND / clip.fps();
    }

    private long timestamp32(long n) {
        return (timestampOffset + clip.timestamp90k(n)) & 0xffffffffL;
    }

    /** The first picture number due at or after {@code nowNanos} that shows a keyframe. */
    private long firstKeyframeFrom(long nowNanos) {
        long n = Math.max(pictureNumber,
                Math.floorDiv((nowNanos - startNanos) * clip.fps() + NANOS_PER_SECOND - 1, NANOS_PER_SECOND));
        // The clip starts with a keyframe, so this ends within one loop.
        while (!clip.keyframe(clip.pictureOf(n))) {
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        return "SimSession[" + id + ", ssrc=" + Long.toHexString(ssrc) + ", picture " + pictureNumber + "]";
    }
}
