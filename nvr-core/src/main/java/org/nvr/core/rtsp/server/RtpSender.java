package org.nvr.core.rtsp.server;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBufAllocator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nvr.core.h264.H264Packetizer;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.time.NvrClock;

/**
 * One session's outgoing RTP stream (one SSRC): random SSRC, first sequence number and timestamp offset
 * (RFC 3550 §5.1), RTP timestamp = the unit's 90 kHz time truncated to 32 bits plus the offset, and an RTCP
 * Sender Report right after the first unit and then at least every {@link #SENDER_REPORT_INTERVAL}, whose NTP
 * time is the unit's wall clock and RTP time the unit's timestamp (RFC 3550 §6.4.1): a receiver maps RTP time
 * to true wall time. Used on the session's event loop only.
 */
final class RtpSender {

    /** RFC 3550 §6.2: about every 5 s. */
    static final Duration SENDER_REPORT_INTERVAL = Duration.ofSeconds(5);
    private static final int NAL_SPS = 7;
    private static final int NAL_PPS = 8;

    private final H264Packetizer packetizer;
    private final long timestampOffset;
    private final MediaOutput output;
    private final NvrClock clock;
    private final ByteBufAllocator alloc;
    private final Counter bytesOut;
    private long lastReportNanos;
    private boolean reportDue = true;

    RtpSender(MediaOutput output, int maxPayloadBytes, SecureRandom random, NvrClock clock, ByteBufAllocator alloc,
              Counter bytesOut) {
        this.output = output;
        this.packetizer = new H264Packetizer(SdpWriter.PAYLOAD_TYPE, random.nextInt() & 0xffffffffL,
                random.nextInt(0x10000), maxPayloadBytes);
        this.timestampOffset = random.nextInt() & 0xffffffffL;
        this.clock = clock;
        this.alloc = alloc;
        this.bytesOut = bytesOut;
    }

    MediaOutput output() {
        return output;
    }

    long ssrc() {
        return packetizer.ssrc();
    }

    /** The sequence number of the next packet (RTP-Info {@code seq}). */
    int nextSequence() {
        return packetizer.nextSequence();
    }

    /** The RTP timestamp a unit at {@code time90k} goes out with. */
    long rtpTimestamp(long time90k) {
        return (time90k + timestampOffset) & 0xffffffffL;
    }

    /** The next unit is followed by a Sender Report (after a gap or a seek: the wall clock jumped). */
    void reportAfterNextUnit() {
        reportDue = true;
    }

    /**
     * Sends one access unit, with the parameter sets in front of a keyframe that does not carry them (a client
     * that joins mid-stream or ignores the SDP's sprop-parameter-sets can still decode).
     *
     * @param parameters the stream's current parameters, or null
     * @param extension  the RTP header extension, or null
     */
    void send(AccessUnit unit, VideoParameters parameters, H264Packetizer.HeaderExtension extension) {
        List<byte[]> nalus = unit.nalus();
        if (unit.keyframe() && parameters != null && !carriesParameterSets(nalus)) {
            List<byte[]> withSets = new ArrayList<>(nalus.size() + 2);
            withSets.add(parameters.sps());
            withSets.add(parameters.pps());
            withSets.addAll(nalus);
            nalus = withSets;
        }
        long rtpTimestamp = rtpTimestamp(unit.pts90k());
        int bytes = output.sendUnit(packetizer, nalus, rtpTimestamp, extension);
        bytesOut.increment(bytes);
        long now = clock.monotonicNanos();
        if (reportDue || now - lastReportNanos >= SENDER_REPORT_INTERVAL.toNanos()) {
            // After the picture, not before: a receiver such as ffmpeg takes its time base from the first RTP
            // packet rather than from a report a few ticks later, which would make the first time negative.
            reportDue = false;
            lastReportNanos = now;
            output.sendRtcp(RtcpPackets.senderReport(alloc, packetizer.ssrc(), unit.wallClock(), rtpTimestamp,
                    packetizer.packetCount(), packetizer.octetCount()));
        }
    }

    /** RTCP BYE: the stream ended (end of the recording). */
    void sendBye() {
        output.sendRtcp(RtcpPackets.bye(alloc, packetizer.ssrc()));
    }

    private static boolean carriesParameterSets(List<byte[]> nalus) {
        boolean sps = false;
        boolean pps = false;
        for (byte[] nalu : nalus) {
            int type = nalu[0] & 0x1f;
            sps |= type == NAL_SPS;
            pps |= type == NAL_PPS;
        }
        return sps && pps;
    }
}
