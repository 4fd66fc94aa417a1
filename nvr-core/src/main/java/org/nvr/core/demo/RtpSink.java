package org.nvr.core.demo;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.nvr.core.h264.H264Packetizer;

/** Where one demo session's RTP and RTCP go: interleaved on the RTSP connection, or UDP datagrams. */
interface RtpSink {

    /** False while the client is not taking data as fast as it comes (the session then skips frames). */
    boolean writable();

    /**
     * Packetizes one access unit and sends it with one write and one flush. {@code rtcp} (owned, may be null)
     * follows the picture: a receiver such as ffmpeg then takes its time base from the first RTP packet rather
     * than from the report, whose timestamp is a few ticks later, which would make the first picture's time
     * negative.
     */
    void sendFrame(H264Packetizer packetizer, List<byte[]> nalus, long rtpTimestamp32, ByteBuf rtcp);

    /** Stops sending; further calls are ignored. */
    void close();
}
