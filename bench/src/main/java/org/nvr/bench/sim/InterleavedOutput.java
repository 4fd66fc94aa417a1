package org.nvr.bench.sim;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.time.Instant;

/**
 * RTP and RTCP as {@code $} frames on the RTSP connection (RFC 2326 §10.12), without copying the video: per picture
 * one small pooled buffer receives each packet's 4-byte interleaved prefix and 12-byte RTP header, and the channel
 * gets, for each packet, a slice of that buffer and a retained slice of the clip's shared payload buffer. Netty's
 * NIO channel turns the queued buffers into one gathering {@code writev} at the flush, so the only copy of the
 * payload is the kernel's into the socket buffer.
 *
 * <p>Writes start at the handler in front of the RTSP encoder ({@code mediaContext}), so media skips the encoder
 * (which only passes ByteBufs through) and stays in order with the responses, which pass through it on the same
 * event loop.
 */
final class InterleavedOutput implements MediaOutput {

    private static final int HEADER_BYTES = RtpHeaders.INTERLEAVED_BYTES + RtpHeaders.RTP_BYTES;

    private final ChannelHandlerContext mediaContext;
    private final PacketizedClip clip;
    private final long ssrc;
    private final int rtpChannel;
    private final int rtcpChannel;
    private final boolean flushEachPacket;
    private ByteBuf headers;
    private boolean closed;

    /**
     * @param mediaContext the context of the RTSP encoder: {@code mediaContext.write} starts below it
     */
    InterleavedOutput(ChannelHandlerContext mediaContext, PacketizedClip clip, long ssrc, int rtpChannel,
                      int rtcpChannel, WriteMode writeMode) {
        this.mediaContext = mediaContext;
        this.clip = clip;
        this.ssrc = ssrc;
        this.rtpChannel = rtpChannel;
        this.rtcpChannel = rtcpChannel;
        this.flushEachPacket = writeMode == WriteMode.PER_PACKET;
    }

    @Override
    public boolean writable() {
        return !closed && mediaContext.channel().isWritable();
    }

    @Override
    public void beginPicture(int packets) {
        headers = mediaContext.alloc().directBuffer(packets * HEADER_BYTES);
    }

    @Override
    public void packet(int packet, int sequence, long timestamp32, boolean marker) {
        int at = headers.writerIndex();
        RtpHeaders.writeInterleaved(headers, rtpChannel, RtpHeaders.RTP_BYTES + clip.payloadLength(packet));
        RtpHeaders.writeRtp(headers, marker, sequence, timestamp32, ssrc);
        mediaContext.write(headers.retainedSlice(at, HEADER_BYTES), mediaContext.voidPromise());
        mediaContext.write(clip.retainedPayload(packet), mediaContext.voidPromise());
        if (flushEachPacket) {
            mediaContext.flush();
        }
    }

    @Override
    public void endPicture(Instant reportWallClock, long reportTimestamp32, long packetCount, long octetCount) {
        // The slices hold their own references to the header buffer; this one was the picture's.
        headers.release();
        headers = null;
        if (reportWallClock != null) {
            mediaContext.write(SenderReports.write(mediaContext.alloc(), rtcpChannel, ssrc, reportWallClock,
                    reportTimestamp32, packetCount, octetCount), mediaContext.voidPromise());
        }
        mediaContext.flush();
    }

    @Override
    public void close() {
        closed = true;
    }
}
