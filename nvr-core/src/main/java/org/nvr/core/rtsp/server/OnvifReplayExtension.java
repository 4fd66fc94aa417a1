package org.nvr.core.rtsp.server;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.nvr.core.h264.H264Packetizer;
import org.nvr.core.rtp.NtpTimestamp;

/**
 * The ONVIF replay RTP header extension (ONVIF Streaming Specification §6.3), sent when a client's PLAY said
 * {@code Require: onvif-replay}:
 * <pre>
 * | 0xABAC (profile)              | length = 3 (words)            |
 * | NTP timestamp of the frame, seconds                           |
 * | NTP timestamp of the frame, fraction                          |
 * |C|E|D|T| mbz   | CSeq (low byte)| padding (0)                  |
 * </pre>
 * C: the access unit is a clean point (a keyframe); E: the last access unit of a contiguous section of the
 * recording (the next thing is a gap or the end); D: the first access unit after a discontinuity in what is sent
 * (a seek); T: termination, not used. CSeq: the low byte of the PLAY request that started this transmission.
 */
final class OnvifReplayExtension {

    static final int PROFILE = 0xABAC;
    private static final int C = 0x80;
    private static final int E = 0x40;
    private static final int D = 0x20;

    private OnvifReplayExtension() {
    }

    static H264Packetizer.HeaderExtension of(Instant wallClock, boolean cleanPoint, boolean endOfSection,
                                             boolean discontinuity, int playCseq) {
        ByteBuffer data = ByteBuffer.allocate(12);
        data.putLong(NtpTimestamp.fromInstant(wallClock));
        data.put((byte) ((cleanPoint ? C : 0) | (endOfSection ? E : 0) | (discontinuity ? D : 0)));
        data.put((byte) playCseq);
        return new H264Packetizer.HeaderExtension(PROFILE, data.array());
    }
}
