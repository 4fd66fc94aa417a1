package org.nvr.core.rtsp.client;

import io.netty.buffer.ByteBuf;
import java.util.Optional;
import org.nvr.core.h264.DepacketizedFrame;
import org.nvr.core.h264.H264Depacketizer;
import org.nvr.core.h264.ParameterSetTracker;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.rtp.ReceiverStats;
import org.nvr.core.rtp.RtcpParser;
import org.nvr.core.rtp.RtpPacket;
import org.nvr.core.rtp.SenderReport;
import org.nvr.core.time.NvrClock;
import org.nvr.core.time.RtpTimestampUnwrapper;
import org.nvr.core.time.WallClockMapper;
import org.nvr.core.time.WallClockMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one video track's RTP and RTCP packets, in sequence order, into access units with wall-clock times.
 * Transport-neutral: TCP-interleaved and UDP sessions both feed it. Runs on one event loop thread.
 */
final class RtpReceiver {
    private static final Logger log = LoggerFactory.getLogger(RtpReceiver.class);

    private final String label;
    private final int payloadType;
    private final H264Depacketizer depacketizer;
    private final ParameterSetTracker parameterSets;
    private final RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
    private final WallClockMapper wallClock;
    private final NvrClock clock;
    private final int clockRateHz;
    private final MediaListener listener;

    private ReceiverStats stats;
    private long ssrc = -1;
    private long lastPts90k = Long.MIN_VALUE;
    private long reportedLost;
    private long reportedDropped;
    private long foreignPayloadPackets;
    private long framesWithoutParameters;

    RtpReceiver(String label, int payloadType, H264Depacketizer depacketizer, ParameterSetTracker parameterSets,
                WallClockMapper wallClock, NvrClock clock, int clockRateHz, MediaListener listener) {
        this.label = label;
        this.payloadType = payloadType;
        this.depacketizer = depacketizer;
        this.parameterSets = parameterSets;
        this.wallClock = wallClock;
        this.clock = clock;
        this.clockRateHz = clockRateHz;
        this.listener = listener;
    }

    /** One RTP packet; the caller keeps ownership of {@code buf}. */
    void onRtp(ByteBuf buf) {
        RtpPacket packet = RtpPacket.parse(buf);
        onRtp(packet);
    }

    /** One parsed RTP packet, in sequence order; the caller keeps ownership of its payload. */
    void onRtp(RtpPacket packet) {
        if (packet.payloadType() != payloadType) {
            // Some cameras multiplex keep-alive or metadata packets with another payload type on the video channel.
            if (foreignPayloadPackets++ == 0) {
                log.info("{}: ignoring RTP payload type {} (video is {})", label, packet.payloadType(), payloadType);
            }
            return;
        }
        if (packet.ssrc() != ssrc) {
            if (ssrc != -1) {
                // A camera that restarts its encoder without closing the session picks a new SSRC
                // (RFC 3550 §8.2); its sequence numbers and timestamps start afresh.
                log.warn("{}: SSRC changed from {} to {}; waiting for the next keyframe", label,
                        Long.toHexString(ssrc), Long.toHexString(packet.ssrc()));
                depacketizer.reset();
            }
            ssrc = packet.ssrc();
            // Reception statistics are per source (RFC 3550 §6.4.1 report blocks name the SSRC they describe).
            stats = new ReceiverStats(clock, clockRateHz, ssrc);
        }
        stats.onPacket(packet.sequenceNumber(), packet.timestamp());
        DepacketizedFrame frame = depacketizer.push(packet);
        reportLoss();
        if (frame != null) {
            deliver(frame);
        }
    }

    /** One RTCP compound packet; the caller keeps ownership of {@code buf}. */
    void onRtcp(ByteBuf buf) {
        Optional<SenderReport> report;
        try {
            report = RtcpParser.findSenderReport(buf);
        } catch (MalformedInputException e) {
            log.debug("{}: ignoring malformed RTCP packet: {}", label, e.getMessage());
            return;
        }
        if (report.isEmpty() || report.get().ssrc() != ssrc) {
            return;
        }
        SenderReport sr = report.get();
        stats.onSenderReport(sr);
        if (lastPts90k != Long.MIN_VALUE) {
            // The SR's 32-bit RTP timestamp is near the frames' (RFC 3550 §6.4.1), so its nearest unwrapped value is
            // the last frame's plus the signed 32-bit difference; this leaves the frames' unwrapper untouched.
            int delta = (int) (sr.rtpTimestamp() - (lastPts90k & 0xffffffffL));
            wallClock.onSenderReport(sr, lastPts90k + delta);
        }
    }

    /**
     * Ends reception when the session ends: the depacketizer releases the packet buffers it holds for an unfinished
     * NAL unit, and packets still in flight afterwards are ignored.
     */
    void close() {
        depacketizer.close();
    }

    /** Statistics of the current source, or null before the first packet. */
    ReceiverStats stats() {
        return stats;
    }

    WallClockMapper wallClock() {
        return wallClock;
    }

    private void deliver(DepacketizedFrame frame) {
        VideoParameters changed = parameterSets.observe(frame.nalus());
        if (parameterSets.current() == null) {
            // Without SPS/PPS (neither in the SDP nor in-band yet) nothing downstream can use the frame.
            if (framesWithoutParameters++ == 0) {
                log.warn("{}: frames arrive before any SPS/PPS; dropping them until parameter sets appear", label);
            }
            return;
        }
        if (changed != null) {
            listener.onParameters(changed);
        }
        long pts90k = unwrapper.unwrap(frame.rtpTimestamp());
        lastPts90k = pts90k;
        WallClockMapping mapping = wallClock.map(pts90k);
        listener.onAccessUnit(new AccessUnit(pts90k, mapping.wallClock(), mapping.source(), frame.keyframe(),
                frame.nalus()), mapping.stepped());
    }

    private void reportLoss() {
        long lost = depacketizer.lostPackets();
        long dropped = depacketizer.droppedFrames();
        if (lost != reportedLost || dropped != reportedDropped) {
            listener.onLoss(lost - reportedLost, dropped - reportedDropped);
            reportedLost = lost;
            reportedDropped = dropped;
        }
    }
}
