package org.nvr.core.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.InterleavedFrame;
import org.nvr.core.rtsp.RtspClientCodecs;
import org.nvr.core.rtsp.client.RtspClientConfig;

/**
 * The RTSP client's codec pipeline ({@link RtspClientCodecs}: {@code InterleavedFrameDecoder}, Netty's
 * {@code RtspDecoder}, the aggregator) fed arbitrary bytes from a camera. Contract: every message it produces is
 * an interleaved frame of at most 65535 bytes or a whole RTSP message within the configured bounds; a stream that
 * cannot be framed ends in exactly one {@link MalformedInputException} (wrapped in Netty's
 * {@link DecoderException}) and the connection closes; a message Netty's decoder could not parse is marked failed
 * (the session turns that into a {@link MalformedInputException} and closes). Nothing else is thrown, no
 * {@code ByteBuf} is leaked and no more than the bounds is ever buffered.
 *
 * <p>Seeds in {@code RtspClientPipelineFuzzTestInputs/}: a GStreamer RTSP server's byte stream to ffmpeg
 * (responses to OPTIONS, DESCRIBE, SETUP, PLAY, then interleaved RTP/RTCP), captured through a TCP proxy;
 * fixtures of {@code InterleavedFrameDecoderTest}.
 */
class RtspClientPipelineFuzzTest {
    private static final int MAX_HEADER_BYTES = RtspClientConfig.DEFAULT_MAX_HEADER_BYTES;
    private static final int MAX_CONTENT_BYTES = RtspClientConfig.DEFAULT_MAX_CONTENT_BYTES;
    /** Header plus body, or one 64 KiB frame, plus one large read, doubled for the cumulation's growth policy. */
    private static final long MAX_HELD_BYTES = 4L * (MAX_HEADER_BYTES + MAX_CONTENT_BYTES + 64 * 1024 + 16 * 1024);

    @FuzzTest(maxDuration = "30s")
    void cameraBytes(byte[] input) {
        boolean[] failedMessage = {false};
        PipelineDriver driver = new PipelineDriver(
                pipeline -> RtspClientCodecs.addTo(pipeline, MAX_HEADER_BYTES, MAX_CONTENT_BYTES),
                (ctx, msg) -> {
                    if (msg instanceof InterleavedFrame frame) {
                        assertThat(frame.channel()).isBetween(0, 255);
                        assertThat(frame.content().readableBytes()).isLessThanOrEqualTo(InterleavedFrame.MAX_PAYLOAD_BYTES);
                        return;
                    }
                    assertThat(msg).isInstanceOf(FullHttpMessage.class);
                    if (((HttpObject) msg).decoderResult().isFailure()) {
                        // RtspRequester.onResponse: a response Netty could not parse ends the session.
                        failedMessage[0] = true;
                        ctx.close();
                        return;
                    }
                    FullHttpMessage message = (FullHttpMessage) msg;
                    assertThat(message.content().readableBytes()).isLessThanOrEqualTo(MAX_CONTENT_BYTES);
                    if (message instanceof FullHttpResponse response) {
                        assertThat(response.status().code()).isBetween(0, 999);
                    }
                }, MAX_HELD_BYTES);
        driver.feed(input);
        for (Throwable failure : driver.failures()) {
            assertThat(failure).isInstanceOf(DecoderException.class);
            assertThat(failure.getCause()).isInstanceOf(MalformedInputException.class);
        }
        assertThat(driver.failures()).hasSizeLessThanOrEqualTo(1);
        if (!driver.failures().isEmpty() || failedMessage[0]) {
            assertThat(driver.isOpen()).as("closed after a framing error").isFalse();
        }
        driver.closeAndCheckReleased();
    }
}
