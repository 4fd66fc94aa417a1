package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InterleavedFrameEncoderTest {

    @Test
    void writesHeaderThenTheSamePayloadBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameEncoder());
        // RTCP receiver report header (V=2 RC=0 PT=201 length=1) and reporter SSRC 0x12345678.
        ByteBuf payload = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("80c9000112345678"));
        ch.writeOutbound(new InterleavedFrame(1, payload));

        ByteBuf header = ch.readOutbound();
        ByteBuf body = ch.readOutbound();
        try {
            // '$', channel 1, length 8
            assertThat(ByteBufUtil.hexDump(header)).isEqualTo("24010008");
            assertThat(body).isSameAs(payload);
            assertThat(payload.refCnt()).isEqualTo(1);
        } finally {
            header.release();
            body.release();
        }
        assertThat(payload.refCnt()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void roundTripsThroughTheDecoderAndPassesRtspMessagesThrough() {
        EmbeddedChannel out = new EmbeddedChannel(new RtspEncoder(), new InterleavedFrameEncoder());
        FullHttpRequest keepalive = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, RtspMethods.GET_PARAMETER,
                "rtsp://127.0.0.1:8554/cam1/");
        keepalive.headers().set("CSeq", "9");
        out.writeOutbound(new InterleavedFrame(0, Unpooled.wrappedBuffer(new byte[] {1, 2, 3})), keepalive,
                new InterleavedFrame(255, Unpooled.EMPTY_BUFFER));
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf b = out.readOutbound(); b != null; b = out.readOutbound()) {
            wire.writeBytes(b);
            b.release();
        }
        assertThat(out.finishAndReleaseAll()).isFalse();

        EmbeddedChannel in = new EmbeddedChannel(new InterleavedFrameDecoder());
        in.writeInbound(wire);
        InterleavedFrame first = in.readInbound();
        assertThat(first.channel()).isZero();
        assertThat(ByteBufUtil.getBytes(first.content())).containsExactly(1, 2, 3);
        first.release();
        ByteBuf request = in.readInbound();
        assertThat(request.toString(StandardCharsets.US_ASCII))
                .isEqualTo("GET_PARAMETER rtsp://127.0.0.1:8554/cam1/ RTSP/1.0\r\nCSeq: 9\r\n\r\n");
        request.release();
        InterleavedFrame last = in.readInbound();
        assertThat(last.channel()).isEqualTo(255);
        assertThat(last.content().readableBytes()).isZero();
        last.release();
        assertThat(in.finishAndReleaseAll()).isFalse();
    }
}
