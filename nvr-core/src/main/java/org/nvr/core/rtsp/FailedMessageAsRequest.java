package org.nvr.core.rtsp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.util.List;

/**
 * On a server connection, turns a message Netty's {@code RtspDecoder} could not parse into a failed <em>request</em>.
 * The decoder reports a bad start line as an invalid {@link FullHttpResponse} until it has decoded one request on
 * the connection (it guesses the direction from what it last parsed), and a server handler that only looks at
 * requests would then drop it: no 400, and the decoder, stopped at the bad message until reset, would swallow
 * every later request. Found by {@code RtspServerRequestFuzzTest} with a first request line holding a control
 * character. A well-formed response from a client passes through unchanged. Stateless and sharable.
 */
@ChannelHandler.Sharable
final class FailedMessageAsRequest extends MessageToMessageDecoder<FullHttpResponse> {
    static final FailedMessageAsRequest INSTANCE = new FailedMessageAsRequest();

    private FailedMessageAsRequest() {
        super(FullHttpResponse.class);
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof FullHttpResponse response && response.decoderResult().isFailure();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, FullHttpResponse response, List<Object> out) {
        // The same placeholder RtspDecoder itself uses for an invalid request; handlers read only the failure and
        // the headers (for the CSeq to answer with).
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, HttpMethod.GET, "/bad-request",
                Unpooled.EMPTY_BUFFER, response.headers().copy(), response.trailingHeaders().copy());
        request.setDecoderResult(response.decoderResult());
        out.add(request);
    }
}
