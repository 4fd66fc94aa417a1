package org.nvr.core.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link InterleavedFrame}s on an RTSP TCP connection (RFC 2326 §10.12) as a 4-byte header buffer
 * followed by the payload itself, so the payload is never copied (the socket write gathers both). Other messages,
 * such as RTSP requests and responses for {@code RtspEncoder}, pass through. Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class InterleavedFrameEncoder extends MessageToMessageEncoder<InterleavedFrame> {

    public InterleavedFrameEncoder() {
        super(InterleavedFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, InterleavedFrame frame, List<Object> out) {
        ByteBuf payload = frame.content();
        ByteBuf header = ctx.alloc().buffer(InterleavedFrame.HEADER_BYTES)
                .writeByte('$')
                .writeByte(frame.channel())
                .writeShort(payload.readableBytes());
        out.add(header);
        // MessageToMessageEncoder releases the frame after encode: keep the payload alive for the write.
        out.add(payload.retain());
    }
}
