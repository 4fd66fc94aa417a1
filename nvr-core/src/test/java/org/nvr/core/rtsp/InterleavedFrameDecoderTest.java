package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

class InterleavedFrameDecoderTest {

    // GStreamer rtsp-server reply to DESCRIBE, shape as captured from gst-rtsp-server 1.22 (SDP shortened).
    private static final String SDP = "v=0\r\n"
            + "o=- 1188340656180883 1 IN IP4 127.0.0.1\r\n"
            + "s=Session streamed with GStreamer\r\n"
            + "t=0 0\r\n"
            + "a=range:npt=now-\r\n"
            + "m=video 0 RTP/AVP 96\r\n"
            + "a=rtpmap:96 H264/90000\r\n"
            + "a=control:stream=0\r\n";
    private static final String DESCRIBE_RESPONSE = "RTSP/1.0 200 OK\r\n"
            + "CSeq: 3\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Base: rtsp://127.0.0.1:8554/cam1/\r\n"
            + "Server: GStreamer RTSP server\r\n"
            + "Content-Length: " + SDP.length() + "\r\n"
            + "\r\n"
            + SDP;
    private static final String PLAY_RESPONSE = "RTSP/1.0 200 OK\r\n"
            + "CSeq: 5\r\n"
            + "RTP-Info: url=rtsp://127.0.0.1:8554/cam1/stream=0;seq=27136;rtptime=3542563171\r\n"
            + "Range: npt=now-\r\n"
            + "Session: 3Sx0XvOSLRqd5JGx;timeout=60\r\n"
            + "\r\n";

    // '$', channel 0, length 16, then a 16-byte RTP packet.
    private static final byte[] RTP_FRAME = hex(
            "24" + "00" + "0010"
            // V=2 P=0 X=0 CC=0 | M=1 PT=96 | sequence 27136
            + "80" + "e0" + "6a00"
            // timestamp 3542563171
            + "d327b263"
            // SSRC 0x2f5a6c1e
            + "2f5a6c1e"
            // payload: FU-A indicator (type 28, NRI 3), FU header (E=1, type 1), 2 bytes of slice data
            + "7c" + "41" + "9a24");
    // '$', channel 1, length 8: RTCP receiver report header (V=2 RC=0 PT=201 length=1) and reporter SSRC.
    private static final byte[] RTCP_FRAME = hex("24" + "01" + "0008" + "80c90001" + "12345678");

    @Test
    void decodesOneFrameAsSliceWithoutCopy() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        byte[] bytes = RTP_FRAME.clone();
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        InterleavedFrame frame = ch.readInbound();
        try {
            assertThat(frame.channel()).isZero();
            assertThat(ByteBufUtil.getBytes(frame.content())).isEqualTo(Arrays.copyOfRange(bytes, 4, 20));
            // The payload shares the received array: a slice, not a copy.
            assertThat(frame.content().hasArray()).isTrue();
            assertThat(frame.content().array()).isSameAs(bytes);
        } finally {
            frame.release();
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void zeroLengthFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(hex("24" + "03" + "0000")));
        InterleavedFrame frame = ch.readInbound();
        assertThat(frame.channel()).isEqualTo(3);
        assertThat(frame.content().readableBytes()).isZero();
        frame.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void frameOfMaximumLength() {
        byte[] bytes = new byte[4 + 0xffff];
        bytes[0] = '$';
        bytes[1] = 2;
        bytes[2] = (byte) 0xff;
        bytes[3] = (byte) 0xff;
        bytes[bytes.length - 1] = 0x42;
        EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder());
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, 40000))).isFalse();
        ch.writeInbound(Unpooled.wrappedBuffer(bytes, 40000, bytes.length - 40000));
        InterleavedFrame frame = ch.readInbound();
        assertThat(frame.content().readableBytes()).isEqualTo(0xffff);
        assertThat(frame.content().getByte(0xfffe)).isEqualTo((byte) 0x42);
        frame.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void messagesAndFramesBackToBackInOneBuffer() {
        byte[] stream = concat(ascii(PLAY_RESPONSE), RTP_FRAME, RTCP_FRAME, ascii(DESCRIBE_RESPONSE), RTP_FRAME);
        List<String> decoded = decodeAll(new InterleavedFrameDecoder(), List.of(stream));
        assertThat(decoded).containsExactly(
                "message:" + PLAY_RESPONSE,
                "frame0:" + ByteBufUtil.hexDump(RTP_FRAME, 4, 16),
                "frame1:" + ByteBufUtil.hexDump(RTCP_FRAME, 4, 8),
                "message:" + DESCRIBE_RESPONSE,
                "frame0:" + ByteBufUtil.hexDump(RTP_FRAME, 4, 16));
    }

    @Test
    void sameResultWhenSplitAtEveryBytePosition() {
        byte[] stream = concat(RTP_FRAME, ascii(DESCRIBE_RESPONSE), RTCP_FRAME, ascii(PLAY_RESPONSE), RTP_FRAME);
        List<String> whole = decodeAll(new InterleavedFrameDecoder(), List.of(stream));
        assertThat(whole).hasSize(5);
        for (int split = 1; split < stream.length; split++) {
            List<byte[]> parts = List.of(Arrays.copyOfRange(stream, 0, split),
                    Arrays.copyOfRange(stream, split, stream.length));
            assertThat(decodeAll(new InterleavedFrameDecoder(), parts)).as("split at %d", split).isEqualTo(whole);
        }
    }

    @Test
    void sameResultWhenFedOneByteAtATime() {
        byte[] stream = concat(ascii(DESCRIBE_RESPONSE), RTP_FRAME, ascii(PLAY_RESPONSE), RTCP_FRAME);
        List<byte[]> parts = new ArrayList<>();
        for (byte b : stream) {
            parts.add(new byte[] {b});
        }
        assertThat(decodeAll(new InterleavedFrameDecoder(), parts))
                .isEqualTo(decodeAll(new InterleavedFrameDecoder(), List.of(stream)));
    }

    @Test
    void rtspDecoderDownstreamYieldsFullResponsesAndPassesFramesThrough() {
        EmbeddedChannel ch = new EmbeddedChannel(
                new InterleavedFrameDecoder(), new RtspDecoder(), new HttpObjectAggregator(64 * 1024));
        ByteBuf in = Unpooled.wrappedBuffer(concat(RTP_FRAME, ascii(DESCRIBE_RESPONSE), RTCP_FRAME));
        ch.writeInbound(in);

        InterleavedFrame first = ch.readInbound();
        assertThat(first.channel()).isZero();
        first.release();

        FullHttpResponse response = ch.readInbound();
        try {
            assertThat(response.decoderResult().isSuccess()).isTrue();
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.headers().get(RtspHeaderNames.CSEQ)).isEqualTo("3");
            assertThat(response.headers().get(RtspHeaderNames.CONTENT_BASE))
                    .isEqualTo("rtsp://127.0.0.1:8554/cam1/");
            assertThat(response.content().toString(StandardCharsets.US_ASCII)).isEqualTo(SDP);
        } finally {
            response.release();
        }

        InterleavedFrame second = ch.readInbound();
        assertThat(second.channel()).isEqualTo(1);
        second.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(in.refCnt()).isZero();
    }

    @Test
    void bareLfHeadersAreRewrittenToCrLfSoRtspDecoderAcceptsThem() {
        // Some cameras (older Dahua and no-name firmwares) end header lines with a bare LF;
        // Netty's RtspDecoder rejects those with InvalidLineSeparatorException.
        String body = "v=0\n";
        String bareLf = "RTSP/1.0 200 OK\nCSeq: 2\ncontent-length: " + body.length() + "\n\n" + body;
        String crLf = "RTSP/1.0 200 OK\r\nCSeq: 2\r\ncontent-length: " + body.length() + "\r\n\r\n" + body;

        assertThat(decodeAll(new InterleavedFrameDecoder(), List.of(ascii(bareLf))))
                .containsExactly("message:" + crLf);

        EmbeddedChannel ch = new EmbeddedChannel(
                new InterleavedFrameDecoder(), new RtspDecoder(), new HttpObjectAggregator(1024));
        ch.writeInbound(Unpooled.wrappedBuffer(ascii(bareLf)));
        FullHttpResponse response = ch.readInbound();
        try {
            assertThat(response.decoderResult().isSuccess()).isTrue();
            assertThat(response.headers().get(RtspHeaderNames.CSEQ)).isEqualTo("2");
            assertThat(response.content().toString(StandardCharsets.US_ASCII)).isEqualTo(body);
        } finally {
            response.release();
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void mixedLineEndingsFindTheHeaderEnd() {
        String mixed = "RTSP/1.0 200 OK\r\nCSeq: 9\n\r\n";
        assertThat(decodeAll(new InterleavedFrameDecoder(), List.of(concat(ascii(mixed), RTCP_FRAME))))
                .containsExactly("message:RTSP/1.0 200 OK\r\nCSeq: 9\r\n\r\n",
                        "frame1:" + ByteBufUtil.hexDump(RTCP_FRAME, 4, 8));
    }

    @Test
    void requestsFromClientsAreMessagesToo() {
        // ffmpeg keep-alive, and a VLC-style OPTIONS *; then a SET_PARAMETER with a body.
        String getParameter = "GET_PARAMETER rtsp://127.0.0.1:8554/cam1/ RTSP/1.0\r\nCSeq: 7\r\n"
                + "Session: 3Sx0XvOSLRqd5JGx\r\n\r\n";
        String options = "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n";
        String setParameter = "SET_PARAMETER rtsp://127.0.0.1:8554/cam1/ RTSP/1.0\r\nCSeq: 8\r\n"
                + "Content-Type: text/parameters\r\nContent-Length: 11\r\n\r\nbarparam: x";
        EmbeddedChannel ch = new EmbeddedChannel(
                new InterleavedFrameDecoder(), new RtspDecoder(), new HttpObjectAggregator(1024));
        ch.writeInbound(Unpooled.wrappedBuffer(concat(ascii(getParameter), RTCP_FRAME, ascii(options),
                ascii(setParameter))));

        FullHttpRequest first = ch.readInbound();
        assertThat(first.method()).isEqualTo(RtspMethods.GET_PARAMETER);
        assertThat(first.uri()).isEqualTo("rtsp://127.0.0.1:8554/cam1/");
        first.release();
        InterleavedFrame rtcp = ch.readInbound();
        rtcp.release();
        FullHttpRequest second = ch.readInbound();
        assertThat(second.method()).isEqualTo(RtspMethods.OPTIONS);
        assertThat(second.uri()).isEqualTo("*");
        second.release();
        FullHttpRequest third = ch.readInbound();
        assertThat(third.method()).isEqualTo(RtspMethods.SET_PARAMETER);
        assertThat(third.content().toString(StandardCharsets.US_ASCII)).isEqualTo("barparam: x");
        third.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void garbageIsSkippedAndCounted() {
        // Zero bytes, a stray upper-case word that is not a request line, and a line with a method-like token
        // and URL that does not end in RTSP/1.0 (binary that happens to look like text).
        byte[] garbage = concat(hex("000000ff"), ascii("HELLO world "), ascii("PLAY rtsp://x HTTP/1.1\r\n"));
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
        List<String> decoded = decodeAll(decoder, List.of(concat(garbage, ascii(PLAY_RESPONSE), RTCP_FRAME)));
        assertThat(decoded).containsExactly("message:" + PLAY_RESPONSE,
                "frame1:" + ByteBufUtil.hexDump(RTCP_FRAME, 4, 8));
        assertThat(decoder.garbageBytes()).isEqualTo(garbage.length);
    }

    @Test
    void statusCodeOfMoreThanThreeDigitsIsGarbage() {
        // Found by RtspClientPipelineFuzzTest: RtspDecoder read "RTSP/1.0 200026" as status code 200026.
        // RFC 2326 §7.1.1: Status-Code is 3DIGIT, followed by SP (or, from some cameras, the line end).
        byte[] garbage = ascii("RTSP/1.0 200026 OK\r\n\r\n");
        String noReason = "RTSP/1.0 200\r\nCSeq: 3\r\n\r\n";
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
        List<String> decoded = decodeAll(decoder, List.of(concat(garbage, ascii(PLAY_RESPONSE), ascii(noReason))));
        assertThat(decoded).containsExactly("message:" + PLAY_RESPONSE, "message:" + noReason);
        assertThat(decoder.garbageBytes()).isEqualTo(garbage.length);
    }

    @Test
    void requestLineOfAMethodStartingWithRtsIsCheckedLikeAnyOther() {
        // Found by RtspServerRequestFuzzTest: "RTS /x" passed for a status line, so a line ending in a control
        // character reached RtspDecoder. As a request line it must end in RTSP/x.y, and this one does not.
        byte[] garbage = ascii("RTS /x RTSP/1.0\u0008\r\nCSeq: 1\r\n\r\n");
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
        List<String> decoded = decodeAll(decoder, List.of(concat(garbage, ascii(PLAY_RESPONSE))));
        assertThat(decoded).containsExactly("message:" + PLAY_RESPONSE);
        assertThat(decoder.garbageBytes()).isEqualTo(garbage.length);
    }

    @Test
    void garbageBetweenFramesIsCountedAcrossReads() {
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
        byte[] junk = ascii("xyz\r\n");
        List<String> decoded = decodeAll(decoder, List.of(concat(RTCP_FRAME, junk), concat(junk, RTCP_FRAME)));
        assertThat(decoded).hasSize(2);
        assertThat(decoder.garbageBytes()).isEqualTo(2L * junk.length);
    }

    @Test
    void endlessGarbageIsDroppedAsItArrivesThenFails() {
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder(1024, 1024, 4096);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] chunk = new byte[1000];
        Arrays.fill(chunk, (byte) 'a');
        for (int i = 0; i < 4; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            assertThat(decoder.bufferedBytes()).isZero();
        }
        assertThat(decoder.garbageBytes()).isEqualTo(4000);
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(chunk)))
                .isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(MalformedInputException.class)
                .hasMessageContaining("more than 4096 bytes in a row");
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void garbageRunResetsAfterAGoodFrame() {
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder(1024, 1024, 100);
        byte[] junk = new byte[80];
        List<String> decoded = decodeAll(decoder, List.of(junk, RTCP_FRAME, junk, RTCP_FRAME, junk));
        assertThat(decoded).hasSize(2);
        assertThat(decoder.garbageBytes()).isEqualTo(240);
    }

    @Test
    void oversizedHeaderFailsAndDropsTheBufferedBytes() {
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder(256, 1024);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        StringBuilder header = new StringBuilder("RTSP/1.0 200 OK\r\nCSeq: 1\r\n");
        while (header.length() < 250) {
            header.append("X-Padding: 0123456789\r\n");
        }
        ch.writeInbound(Unpooled.wrappedBuffer(ascii(header.toString())));
        assertThat(decoder.bufferedBytes()).isEqualTo(header.length());
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(ascii("X-More: y\r\n\r\n"))))
                .isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(MalformedInputException.class)
                .hasMessageContaining("RTSP header exceeds 256 bytes");
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void headerOfExactlyMaxHeaderBytesIsAccepted() {
        String header = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: " + "x".repeat(80) + "\r\n\r\n";
        List<String> decoded = decodeAll(new InterleavedFrameDecoder(header.length(), 0), List.of(ascii(header)));
        assertThat(decoded).containsExactly("message:" + header);
        assertThatThrownBy(() -> decodeAll(new InterleavedFrameDecoder(header.length() - 1, 0),
                List.of(ascii(header))))
                .hasCauseInstanceOf(MalformedInputException.class);
    }

    @Test
    void requestLineLongerThanMaxHeaderBytesFails() {
        String longUrl = "PLAY rtsp://h/" + "a".repeat(300);
        assertThatThrownBy(() -> decodeAll(new InterleavedFrameDecoder(128, 0), List.of(ascii(longUrl))))
                .isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(MalformedInputException.class);
    }

    @Test
    void badContentLengthsFail() {
        assertMalformed("Content-Length: -1", "not a non-negative decimal number");
        assertMalformed("Content-Length: 12abc", "not a non-negative decimal number");
        assertMalformed("Content-Length:", "not a non-negative decimal number");
        assertMalformed("Content-Length: 99999999999", "not a non-negative decimal number");
        assertMalformed("Content-Length: 65537", "Content-Length 65537 exceeds 65536 bytes");
        assertMalformed("Content-Length: 4\r\nContent-Length: 5", "conflicting Content-Length headers 4 and 5");
    }

    @Test
    void contentLengthIsCaseInsensitiveAndWhitespaceTolerant() {
        String message = "RTSP/1.0 200 OK\r\nCSeq: 4\r\nCONTENT-LENGTH :  3 \r\n\r\nabc";
        assertThat(decodeAll(new InterleavedFrameDecoder(), List.of(concat(ascii(message), RTCP_FRAME))))
                .containsExactly("message:" + message, "frame1:" + ByteBufUtil.hexDump(RTCP_FRAME, 4, 8));
    }

    @Test
    void waitsForTheWholeBody() {
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        byte[] all = ascii(DESCRIBE_RESPONSE);
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(all, 0, all.length - 1))).isFalse();
        assertThat(decoder.bufferedBytes()).isEqualTo(all.length - 1);
        assertThat(ch.writeInbound(Unpooled.wrappedBuffer(all, all.length - 1, 1))).isTrue();
        ByteBuf message = ch.readInbound();
        assertThat(message.toString(StandardCharsets.US_ASCII)).isEqualTo(DESCRIBE_RESPONSE);
        message.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void rejectsBadConstructorBounds() {
        assertThatThrownBy(() -> new InterleavedFrameDecoder(10, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InterleavedFrameDecoder(1024, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InterleavedFrameDecoder(1024, 1024, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InterleavedFrameDecoder(Integer.MAX_VALUE, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertMalformed(String contentLengthLines, String messagePart) {
        String message = "RTSP/1.0 200 OK\r\nCSeq: 1\r\n" + contentLengthLines + "\r\n\r\n";
        InterleavedFrameDecoder decoder = new InterleavedFrameDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(ascii(message))))
                .isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(MalformedInputException.class)
                .hasMessageContaining(messagePart);
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    /**
     * Feeds the parts in order and describes each output; releases everything it reads, then checks that every
     * buffer it wrote was released (the decoder leaks nothing, whether it sliced or copied).
     */
    private static List<String> decodeAll(InterleavedFrameDecoder decoder, List<byte[]> parts) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<String> decoded = new ArrayList<>();
        List<ByteBuf> written = new ArrayList<>();
        try {
            for (byte[] part : parts) {
                ByteBuf in = Unpooled.wrappedBuffer(part);
                written.add(in);
                ch.writeInbound(in);
                for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
                    try {
                        if (o instanceof InterleavedFrame frame) {
                            decoded.add("frame" + frame.channel() + ":" + ByteBufUtil.hexDump(frame.content()));
                        } else {
                            decoded.add("message:" + ((ByteBuf) o).toString(StandardCharsets.US_ASCII));
                        }
                    } finally {
                        ReferenceCountUtil.release(o);
                    }
                }
            }
        } finally {
            ch.finishAndReleaseAll();
        }
        assertThat(written).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        return decoded;
    }

    static byte[] hex(String hex) {
        return ByteBufUtil.decodeHexDump(hex);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
