package org.nvr.core.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Netty's aggregator with a bounded body, answering an oversized body with our JSON 413 ({@code
 * payload_too_large}) rather than Netty's bare one, then closing: the rest of the body is not read.
 */
final class JsonHttpObjectAggregator extends HttpObjectAggregator {
    private final AdminJson json;
    private final AdminMetrics metrics;

    JsonHttpObjectAggregator(int maxContentLength, AdminJson json, AdminMetrics metrics) {
        super(maxContentLength);
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        AdminResponse.Full error = json.error(ErrorCode.PAYLOAD_TOO_LARGE,
                "request body is larger than " + maxContentLength() + " bytes");
        metrics.request(AdminDispatcher.UNMATCHED, error.status().code());
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, error.status(),
                Unpooled.wrappedBuffer(error.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, error.contentType());
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, error.body().length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
