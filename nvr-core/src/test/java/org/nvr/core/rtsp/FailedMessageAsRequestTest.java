package org.nvr.core.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import org.junit.jupiter.api.Test;

class FailedMessageAsRequestTest {

    @Test
    void aResponseThatDidNotParseBecomesAFailedRequestWithItsHeaders() {
        // What RtspDecoder emits for a first start line it cannot split (found by RtspServerRequestFuzzTest).
        IllegalArgumentException cause = new IllegalArgumentException("Illegal character in request line: 0x8");
        FullHttpResponse invalid = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.OK);
        invalid.headers().set(RtspHeaderNames.CSEQ, "4");
        invalid.setDecoderResult(DecoderResult.failure(cause));
        EmbeddedChannel ch = new EmbeddedChannel(FailedMessageAsRequest.INSTANCE);
        ch.writeInbound(invalid);
        FullHttpRequest request = ch.readInbound();
        try {
            assertThat(request.decoderResult().cause()).isSameAs(cause);
            assertThat(request.headers().get(RtspHeaderNames.CSEQ)).isEqualTo("4");
        } finally {
            request.release();
        }
        assertThat(invalid.refCnt()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aWellFormedResponsePassesThroughUnchanged() {
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.OK);
        EmbeddedChannel ch = new EmbeddedChannel(FailedMessageAsRequest.INSTANCE);
        ch.writeInbound(response);
        FullHttpResponse out = ch.readInbound();
        assertThat(out).isSameAs(response);
        out.release();
        assertThat(ch.finish()).isFalse();
    }
}
