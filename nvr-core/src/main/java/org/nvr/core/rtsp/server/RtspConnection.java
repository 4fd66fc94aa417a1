package org.nvr.core.rtsp.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspHeaderValues;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.nvr.core.netty.RequestTimeoutEvent;
import org.nvr.core.rtsp.InterleavedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: takes requests in order (one at a time, since answering may wait for the user
 * directory, the audit log or the recordings), keeps the connection's sessions, passes writability changes to
 * their streamers, and tears down sessions that went silent for the session timeout (no request and no RTCP,
 * RFC 2326 §12.37). Everything runs on the connection's event loop.
 *
 * <p>Bounded: at most {@value #MAX_PENDING_REQUESTS} requests waiting (a client pipelining more is cut off) and
 * {@value #MAX_SESSIONS} sessions per connection.
 */
final class RtspConnection extends ChannelInboundHandlerAdapter {

    static final int MAX_PENDING_REQUESTS = 8;
    static final int MAX_SESSIONS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(RtspConnection.class);

    private final ServerContext context;
    private final ArrayDeque<RtspRequest> pending = new ArrayDeque<>();
    private final Map<String, ServerSession> sessions = new LinkedHashMap<>();
    private RequestRouter router;
    private Channel channel;
    private boolean busy;
    private long lastReadNanos;
    private ScheduledFuture<?> timeoutCheck;

    RtspConnection(ServerContext context) {
        this.context = context;
    }

    Channel channel() {
        return channel;
    }

    /** The client's {@code host:port}, for the audit log. */
    String remote() {
        if (channel.remoteAddress() instanceof InetSocketAddress address) {
            return address.getAddress().getHostAddress() + ":" + address.getPort();
        }
        return String.valueOf(channel.remoteAddress());
    }

    ServerSession session(String id) {
        return sessions.get(id);
    }

    Collection<ServerSession> sessions() {
        return sessions.values();
    }

    void addSession(ServerSession session) {
        sessions.put(session.id(), session);
    }

    void closeSession(ServerSession session) {
        sessions.remove(session.id());
        session.close(context.metrics());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        router = new RequestRouter(context, this);
        lastReadNanos = context.clock().monotonicNanos();
        long periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(20), context.options().sessionTimeout().toNanos() / 4);
        timeoutCheck = ctx.executor().scheduleAtFixedRate(this::expireSilent, periodNanos, periodNanos,
                TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timeoutCheck != null) {
            timeoutCheck.cancel(false);
        }
        for (ServerSession session : new ArrayList<>(sessions.values())) {
            closeSession(session);
        }
        pending.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = context.clock().monotonicNanos();
        try {
            if (msg instanceof FullHttpRequest request) {
                enqueue(ctx, copy(ctx, request));
            } else if (msg instanceof InterleavedFrame frame) {
                // RTCP receiver reports on the session's RTCP channel: the client is alive (RFC 2326 §10.12).
                // Their content is not needed.
                for (ServerSession session : sessions.values()) {
                    session.touch();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            for (ServerSession session : sessions.values()) {
                if (session.streamer() != null) {
                    session.streamer().writabilityChanged();
                }
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == RequestTimeoutEvent.INSTANCE) {
            // Slowloris (issue #12): a partial request or frame held past its deadline. RTSP has a 408 too
            // (RFC 2326 §7.1.1), but an answer must carry the request's CSeq (§12.17), which an unfinished request
            // may not have given yet: just hang up; the connection's sessions go with it.
            LOG.debug("RTSP client {} did not finish a request within {}; closing", remote(),
                    context.options().requestTimeout());
            context.metrics().connectionTimedOut("request");
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("RTSP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        if (!(cause instanceof DecoderException) || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        // The framer gave up on this byte stream: answer once, then hang up (nothing else can follow).
        boolean tooLarge = cause instanceof TooLongFrameException
                || (cause.getMessage() != null && cause.getMessage().contains(" exceeds "));
        FullHttpResponse response = tooLarge
                ? Responses.of(Responses.REQUEST_TOO_LARGE, "Request Entity Too Large", null)
                : Responses.of(HttpResponseStatus.BAD_REQUEST, null);
        response.headers().set(RtspHeaderNames.CONNECTION, RtspHeaderValues.CLOSE);
        context.metrics().request("other", response.status().code());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private RtspRequest copy(ChannelHandlerContext ctx, FullHttpRequest request) {
        String cseq = RtspRequest.cseqOf(request.headers().get(RtspHeaderNames.CSEQ));
        if (request.decoderResult().isFailure()) {
            // RtspDecoder stops at a bad message until reset; the framer has cut the stream at message
            // boundaries, so the next request parses cleanly.
            RtspDecoder decoder = ctx.pipeline().get(RtspDecoder.class);
            if (decoder != null) {
                decoder.reset();
            }
            Throwable failure = request.decoderResult().cause();
            String why = failure instanceof TooLongFrameException ? "too large" : "malformed request";
            return new RtspRequest("", "", new DefaultHttpHeaders(), cseq, why);
        }
        return new RtspRequest(request.method().name(), request.uri(),
                new DefaultHttpHeaders().set(request.headers()), cseq, null);
    }

    private void enqueue(ChannelHandlerContext ctx, RtspRequest request) {
        if (pending.size() >= MAX_PENDING_REQUESTS) {
            LOG.debug("RTSP client {} sent more than {} requests without waiting; closing", remote(),
                    MAX_PENDING_REQUESTS);
            ctx.close();
            return;
        }
        pending.addLast(request);
        if (!busy) {
            next(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        RtspRequest request = pending.pollFirst();
        if (request == null || !ctx.channel().isActive()) {
            busy = false;
            return;
        }
        busy = true;
        CompletableFuture<RequestRouter.Reply> reply;
        try {
            reply = router.handle(request);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, error) -> ctx.executor().execute(() -> {
            RequestRouter.Reply done = r;
            if (error != null) {
                done = RequestRouter.Reply.of(failure(request, error));
            }
            write(ctx, request, done);
            next(ctx);
        }));
    }

    private FullHttpResponse failure(RtspRequest request, Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RequestRouter.ServiceBusyException
                || cause instanceof java.util.concurrent.RejectedExecutionException) {
            return Responses.of(HttpResponseStatus.SERVICE_UNAVAILABLE, request.cseq());
        }
        if (!(cause instanceof PlayHandler.AuditFailedException)) {
            LOG.warn("RTSP {} {} from {} failed", request.method(), RangeHeader.printable(request.uri()), remote(),
                    cause);
        }
        return Responses.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, request.cseq());
    }

    private void write(ChannelHandlerContext ctx, RtspRequest request, RequestRouter.Reply reply) {
        context.metrics().request(request.method(), reply.response().status().code());
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(reply.response());
            reply.discard().run();
            return;
        }
        ctx.writeAndFlush(reply.response());
        // After the reply, so that media follows it on the connection (ffmpeg drops $ frames before the reply).
        reply.afterWrite().run();
    }

    /** Tears down sessions silent for the session timeout; closes a connection silent that long without any. */
    private void expireSilent() {
        long now = context.clock().monotonicNanos();
        long timeoutNanos = context.options().sessionTimeout().toNanos();
        for (ServerSession session : new ArrayList<>(sessions.values())) {
            if (now - Math.max(session.lastActivityNanos(), lastReadNanos) > timeoutNanos) {
                LOG.debug("RTSP session {} of {} timed out", session.id(), remote());
                closeSession(session);
            }
        }
        if (sessions.isEmpty() && now - lastReadNanos > timeoutNanos && channel.isActive()) {
            // No session to keep alive and nothing whole received for a session timeout: an idle connection
            // (opened and never used, or left after TEARDOWN) must not hold a connection slot forever.
            LOG.debug("RTSP client {} sent nothing for {} without a session; closing", remote(),
                    context.options().sessionTimeout());
            context.metrics().connectionTimedOut("idle");
            channel.close();
        }
    }
}
