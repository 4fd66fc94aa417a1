package org.nvr.bench.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * RTP and RTCP as UDP datagrams from the event loop's server port pair to the client's ports (RFC 2326 §12.39
 * {@code client_port}), one datagram per RTP packet: a {@link CompositeByteBuf} of a 12-byte slice of the
 * picture's pooled header buffer and a retained slice of the clip's shared payload. Our code copies no video; NIO
 * does: {@code DatagramChannel.send} takes a single {@code ByteBuffer}, so Netty's {@code NioDatagramChannel}
 * copies each composite (header and payload, about 1.4 KB) into one pooled direct buffer before the
 * {@code sendto}. A native transport with {@code sendmsg} and an iovec would not need that copy.
 *
 * <p>The sockets are registered on the session's own event loop, so these writes run inline, never as tasks.
 */
final class UdpOutput implements MediaOutput {

    private final UdpPorts ports;
    private final PacketizedClip clip;
    private final long ssrc;
    private final InetSocketAddress clientRtp;
    private final InetSocketAddress clientRtcp;
    private final boolean flushEachPacket;
    private ByteBuf headers;
    private boolean closed;

    UdpOutput(UdpPorts ports, PacketizedClip clip, long ssrc, InetSocketAddress clientRtp,
              InetSocketAddress clientRtcp, WriteMode writeMode) {
        this.ports = ports;
        this.clip = clip;
        this.ssrc = ssrc;
        this.clientRtp = clientRtp;
        this.clientRtcp = clientRtcp;
        this.flushEachPacket = writeMode == WriteMode.PER_PACKET;
    }

    /** The client's RTCP address: receiver reports from it keep the session alive. */
    InetSocketAddress clientRtcp() {
        return clientRtcp;
    }

    @Override
    public boolean writable() {
        return !closed && ports.rtp().isWritable();
    }

    @Override
    public void beginPicture(int packets) {
        headers = ports.rtp().alloc().directBuffer(packets * RtpHeaders.RTP_BYTES);
    }

    @Override
    public void packet(int packet, int sequence, long timestamp32, boolean marker) {
        Channel rtp = ports.rtp();
        int at = headers.writerIndex();
        RtpHeaders.writeRtp(headers, marker, sequence, timestamp32, ssrc);
        CompositeByteBuf datagram = rtp.alloc().compositeDirectBuffer(2);
        datagram.addComponent(true, headers.retainedSlice(at, RtpHeaders.RTP_BYTES));
        datagram.addComponent(true, clip.retainedPayload(packet));
        rtp.write(new DatagramPacket(datagram, clientRtp), rtp.voidPromise());
        if (flushEachPacket) {
            rtp.flush();
        }
    }

    @Override
    public void endPicture(Instant reportWallClock, long reportTimestamp32, long packetCount, long octetCount) {
        headers.release();
        headers = null;
        ports.rtp().flush();
        if (reportWallClock != null) {
            Channel rtcp = ports.rtcp();
            rtcp.writeAndFlush(new DatagramPacket(SenderReports.write(rtcp.alloc(), -1, ssrc, reportWallClock,
                    reportTimestamp32, packetCount, octetCount), clientRtcp), rtcp.voidPromise());
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
