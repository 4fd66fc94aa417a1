package org.nvr.core.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounds the time a request may take to arrive (slowloris, issue #12): a request, from the read that brought its
 * first byte, must have arrived whole within {@code timeout}, whatever the pace of its bytes; otherwise a {@link
 * RequestTimeoutEvent} goes down the pipeline and the server's handler closes the connection. An idle timeout
 * cannot do this, since every trickled byte resets it.
 *
 * <p>Placement: this handler first in the pipeline (before TLS and the decoders, so that it sees the raw bytes
 * and a slow TLS handshake counts too), and its {@link #completion()} handler where whole requests come out of
 * the decoders. Between requests nothing runs: an idle connection is the idle timeout's business, and a response
 * being written (a long export download) is not a request.
 *
 * <p>A read that ends one request and begins the next: the next one's deadline starts at that read when {@code
 * partialInput} says the decoders kept bytes of it, else at the next read. Reads of CR and LF only do not start a
 * request: RFC 9112 §2.2 lets a client send empty lines between requests (RTSP messages follow the same syntax,
 * RFC 2326 §4).
 *
 * <p>Not sharable; everything runs on the channel's event loop.
 */
public final class RequestDeadlineHandler extends ChannelInboundHandlerAdapter {
    /** Stops at the first byte that is not CR or LF. */
    private static final ByteProcessor LINE_BREAKS = b -> b == '\r' || b == '\n';

    private final long timeoutNanos;
    private final BooleanSupplier partialInput;
    private final Completion completion = new Completion();
    private ScheduledFuture<?> deadline;
    private boolean completedInRead;
    private boolean expired;

    /**
     * @param timeout      how long a request may take to arrive, from the read of its first byte
     * @param partialInput whether the decoders hold bytes of an unfinished request (checked after a read that
     *                     finished one); {@code () -> false} when they cannot tell, and then a request begun in
     *                     the same read as the end of the previous one is timed from the next read
     */
    public RequestDeadlineHandler(Duration timeout, BooleanSupplier partialInput) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("request timeout " + timeout + " is not positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.partialInput = Objects.requireNonNull(partialInput, "partialInput");
    }

    /**
     * The handler to add where whole requests come out of the decoders: every message that passes it ends the
     * current request's deadline.
     */
    public ChannelHandler completion() {
        return completion;
    }

    /** Whether a request is being timed now (for tests). */
    boolean armed() {
        return deadline != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (expired) {
            // The connection is being closed: nothing more is decoded or answered.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (deadline == null && msg instanceof ByteBuf bytes && startsRequest(bytes)) {
            arm(ctx);
        }
        completedInRead = false;
        ctx.fireChannelRead(msg);
        if (completedInRead && deadline == null && partialInput.getAsBoolean()) {
            arm(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    private static boolean startsRequest(ByteBuf bytes) {
        return bytes.isReadable() && bytes.forEachByte(LINE_BREAKS) >= 0;
    }

    private void arm(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        expired = true;
        ctx.fireUserEventTriggered(RequestTimeoutEvent.INSTANCE);
    }

    /** Sits after the decoders: each message through it is a whole request. */
    private final class Completion extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            disarm();
            completedInRead = true;
            ctx.fireChannelRead(msg);
        }
    }
}
