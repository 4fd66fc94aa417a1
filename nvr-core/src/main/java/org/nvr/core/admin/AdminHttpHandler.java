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
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import org.nvr.core.netty.RequestTimeoutEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an admin connection: answers one whole request at a time, in order (pipelined requests
 * wait in a small bounded queue and responses keep their order, RFC 9112 §9.3.2), handing each to the {@link
 * AdminDispatcher} and writing the answer back on the event loop; reading stops while a request is answered.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);
    /** Pipelined requests queued per connection; a client sending more before reading answers is dropped. */
    static final int MAX_PIPELINED = 8;

    private final AdminDispatcher dispatcher;
    private final ResponseWriter writer;
    private final AdminJson json;
    private final ApiErrors errors;
    private final AdminMetrics metrics;
    /** Requests read but not answered yet (HTTP/1.1 pipelining), oldest first; touched on the event loop only. */
    private final Deque<Pending> queue = new ArrayDeque<>();
    private boolean busy;

    /** A request to answer: {@code in}, or a decoding failure answered with {@code error}. */
    private record Pending(IncomingRequest in, AdminResponse error, boolean keepAlive, HttpVersion version) {
    }

    AdminHttpHandler(AdminDispatcher dispatcher, ResponseWriter writer, AdminJson json, ApiErrors errors,
                     AdminMetrics metrics) {
        this.dispatcher = dispatcher;
        this.writer = writer;
        this.json = json;
        this.errors = errors;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (queue.size() >= MAX_PIPELINED) {
            LOG.debug("admin connection {} pipelined more than {} requests, closing", ctx.channel().remoteAddress(),
                    MAX_PIPELINED);
            ctx.close();
            return;
        }
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            queue.add(new Pending(null, malformed(decoded.cause()), false, HttpVersion.HTTP_1_1));
        } else {
            HttpHeaders headers = new DefaultHttpHeaders().add(request.headers());
            IncomingRequest in = new IncomingRequest(request.method(), request.uri(), request.protocolVersion(),
                    headers, ByteBufUtil.getBytes(request.content()),
                    (InetSocketAddress) ctx.channel().remoteAddress());
            queue.add(new Pending(in, null, HttpUtil.isKeepAlive(request), request.protocolVersion()));
        }
        // Read no more while answering: the socket's receive buffer and TCP flow control hold the client back.
        ctx.channel().config().setAutoRead(false);
        if (!busy) {
            next(ctx);
        }
    }

    /** Answers the oldest queued request, or resumes reading when none is left. */
    private void next(ChannelHandlerContext ctx) {
        Pending pending = queue.poll();
        if (pending == null) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        if (pending.in() == null) {
            metrics.request(AdminDispatcher.UNMATCHED, pending.error().status().code());
            // The decoder skips everything after a bad message: answer and close.
            respond(ctx, pending.error(), false, pending.version(), false);
            return;
        }
        IncomingRequest in = pending.in();
        boolean head = HttpMethod.HEAD.equals(in.method());
        dispatcher.dispatch(in).whenComplete((response, failure) -> ctx.executor().execute(() -> respond(ctx,
                failure == null ? response : errors.internal(failure, in.method() + " " + in.uri()), head,
                pending.version(), pending.keepAlive())));
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
                next(ctx);
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
            metrics.connectionTimedOut("idle");
            ctx.close();
        } else if (event == RequestTimeoutEvent.INSTANCE) {
            requestTimedOut(ctx);
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    /**
     * Slowloris (issue #12): a request still arriving at its deadline. When no answer is owed on the connection,
     * 408 tells a real (slow) client why it is cut off (RFC 9110 §15.5.9); then the connection is closed. Over a
     * TLS handshake that has not finished, nothing can be answered: the connection is just closed (an answer would
     * wait for the handshake, and so would the close after it).
     */
    private void requestTimedOut(ChannelHandlerContext ctx) {
        LOG.debug("admin connection {} did not finish a request in time, closing", ctx.channel().remoteAddress());
        metrics.connectionTimedOut("request");
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (busy || !queue.isEmpty() || tls != null && !tls.handshakeFuture().isSuccess()) {
            ctx.close();
            return;
        }
        busy = true;
        AdminResponse timeout = json.error(ErrorCode.REQUEST_TIMEOUT, "the request did not arrive in time");
        metrics.request(AdminDispatcher.UNMATCHED, timeout.status().code());
        respond(ctx, timeout, false, HttpVersion.HTTP_1_1, false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
