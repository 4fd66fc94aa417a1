package org.nvr.core.rtsp.server;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.nvr.core.h264.H264Packetizer;

/** Where one session's RTP and RTCP go: interleaved on the RTSP connection, or UDP datagrams. */
interface MediaOutput {

    /** False while the client does not take data as fast as it comes: the streamer then stops pulling. */
    boolean writable();

    /** True for UDP, whose socket is shared: no per-client writability event, the streamer retries on a timer. */
    boolean shared();

    /**
     * Packetizes one access unit and sends it, flushed.
     *
     * @param extension the RTP header extension of each packet, or null
     * @return bytes handed to the socket
     */
    int sendUnit(H264Packetizer packetizer, List<byte[]> nalus, long rtpTimestamp32,
                 H264Packetizer.HeaderExtension extension);

    /** Sends one compound RTCP packet, which this output now owns (and releases on every path). */
    void sendRtcp(ByteBuf rtcp);

    /** Stops sending; later calls send nothing. */
    void close();
}
