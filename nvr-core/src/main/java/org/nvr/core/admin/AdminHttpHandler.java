package org.nvr.core.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an admin connection: takes one whole request at a time (the channel reads only when
 * asked, so pipelined requests wait their turn and responses keep their order, RFC 9112 §9.3.2), hands it to
 * the {@link AdminDispatcher}, writes the answer back on the event loop, then reads the next request or closes.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final AdminDispatcher dispatcher;
    private final ResponseWriter writer;
    private final AdminJson json;
    private final ApiErrors errors;
    private final AdminMetrics metrics;

    AdminHttpHandler(AdminDispatcher dispatcher, ResponseWriter writer, AdminJson json, ApiErrors errors,
                     AdminMetrics metrics) {
        this.dispatcher = dispatcher;
        this.writer = writer;
        this.json = json;
        this.errors = errors;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.read();
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            AdminResponse error = malformed(decoded.cause());
            metrics.request(AdminDispatcher.UNMATCHED, error.status().code());
            // The decoder skips everything after a bad message: answer and close.
            respond(ctx, error, false, HttpVersion.HTTP_1_1, false);
            return;
        }
        boolean head = HttpMethod.HEAD.equals(request.method());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpVersion version = request.protocolVersion();
        HttpHeaders headers = new DefaultHttpHeaders().add(request.headers());
        IncomingRequest in = new IncomingRequest(request.method(), request.uri(), version, headers,
                ByteBufUtil.getBytes(request.content()), (InetSocketAddress) ctx.channel().remoteAddress());
        dispatcher.dispatch(in).whenComplete((response, failure) -> ctx.executor().execute(() -> respond(ctx,
                failure == null ? response : errors.internal(failure, in.method() + " " + in.uri()), head, version,
                keepAlive)));
    }

    private void respond(ChannelHandlerContext ctx, AdminResponse response, boolean head, HttpVersion version,
                         boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            return;
        }
        ChannelFuture written = writer.write(ctx, response, head, version, keepAlive);
        written.addListener(future -> {
            if (!future.isSuccess()) {
                LOG.debug("admin response to {} not sent: {}", ctx.channel().remoteAddress(),
                        future.cause().toString());
                ctx.close();
            } else if (keepAlive) {
                ctx.read();
            } else {
                ctx.close();
            }
        });
    }

    private AdminResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return json.error(HttpResponseStatus.REQUEST_URI_TOO_LONG, ErrorCode.BAD_REQUEST,
                    "request line too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return json.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, ErrorCode.BAD_REQUEST,
                    "request header section too large");
        }
        return json.error(ErrorCode.BAD_REQUEST, "malformed HTTP request");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            LOG.debug("admin connection {} idle, closing", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
