package org.nvr.core.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.rtsp.RtspDecoder;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.InterleavedFrame;
import org.nvr.core.rtsp.RtspServerCodecs;
import org.nvr.core.rtsp.server.RtspServerOptions;

/**
 * The RTSP server's request decoding ({@link RtspServerCodecs}) fed arbitrary bytes from a client. Contract: it
 * produces interleaved frames (RTCP receiver reports) and whole requests within {@code maxRequestBytes} (or a
 * well-formed response, which the server ignores); a message Netty's decoder could not parse is a request marked
 * failed, and the decoder is reset, as {@code RtspConnection}
 * does before answering 400; a stream that cannot be framed ends in one {@link MalformedInputException} in a
 * {@link DecoderException}, after which the connection closes. Nothing else is thrown, nothing leaks, nothing is
 * buffered past the bounds.
 *
 * <p>Seeds in {@code RtspServerRequestFuzzTestInputs/}: ffmpeg's requests to a GStreamer RTSP server (OPTIONS,
 * DESCRIBE, SETUP, PLAY, TEARDOWN) captured through a TCP proxy, and requests shaped like the server tests'.
 */
class RtspServerRequestFuzzTest {
    private static final int MAX_REQUEST_BYTES = RtspServerOptions.DEFAULTS.maxRequestBytes();
    private static final long MAX_HELD_BYTES = 4L * (2L * MAX_REQUEST_BYTES + 64 * 1024 + 16 * 1024);

    @FuzzTest(maxDuration = "30s")
    void clientBytes(byte[] input) {
        PipelineDriver driver = new PipelineDriver(
                pipeline -> RtspServerCodecs.addTo(pipeline, MAX_REQUEST_BYTES),
                (ctx, msg) -> {
                    if (msg instanceof InterleavedFrame frame) {
                        assertThat(frame.content().readableBytes()).isLessThanOrEqualTo(InterleavedFrame.MAX_PAYLOAD_BYTES);
                        return;
                    }
                    if (msg instanceof FullHttpResponse response && response.decoderResult().isSuccess()) {
                        // A client sending a well-formed response: the server ignores it.
                        return;
                    }
                    // A message that did not parse is always a request, so the server answers 400 (it ignores
                    // responses); see FailedMessageAsRequest.
                    assertThat(msg).isInstanceOf(FullHttpRequest.class);
                    FullHttpRequest request = (FullHttpRequest) msg;
                    if (((HttpObject) msg).decoderResult().isFailure()) {
                        // RtspConnection.copy: answer 400 and reset the decoder for the next request.
                        ctx.pipeline().get(RtspDecoder.class).reset();
                        return;
                    }
                    assertThat(request.content().readableBytes()).isLessThanOrEqualTo(MAX_REQUEST_BYTES);
                    assertThat(request.method().name()).isNotEmpty();
                }, MAX_HELD_BYTES);
        driver.feed(input);
        assertThat(driver.failures()).hasSizeLessThanOrEqualTo(1);
        for (Throwable failure : driver.failures()) {
            assertThat(failure).isInstanceOf(DecoderException.class);
            assertThat(failure.getCause()).isInstanceOf(MalformedInputException.class);
            assertThat(driver.isOpen()).as("closed after a framing error").isFalse();
        }
        driver.closeAndCheckReleased();
    }
}
