package org.nvr.core.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Drives an RTSP codec pipeline in an {@link EmbeddedChannel} with arbitrary bytes, as a peer would send them over
 * TCP: in chunks of varying size (1 byte, a few bytes, a segment, a big read), so that every "need more bytes" path
 * of the framers runs. Every buffer comes from one {@link UnpooledByteBufAllocator} whose heap counter is the leak
 * and memory check: while bytes arrive it stays under {@code maxHeldBytes} (what the decoders may buffer), and once
 * the channel is closed and every message is released it is exactly zero.
 */
final class PipelineDriver {
    /** Chunk sizes cycled through: a byte at a time, small writes, a TCP segment, a large socket read. */
    private static final int[] CHUNK_BYTES = {1, 7, 1460, 3, 64, 16 * 1024, 2, 500};

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<Throwable> failures = new ArrayList<>();
    private final long maxHeldBytes;

    /**
     * @param codecs       adds the codec handlers under test
     * @param onMessage    checks one decoded message; the driver releases it afterwards
     * @param maxHeldBytes bound on what the pipeline may hold between reads
     */
    PipelineDriver(Consumer<ChannelPipeline> codecs, BiConsumer<ChannelHandlerContext, Object> onMessage,
                   long maxHeldBytes) {
        this.maxHeldBytes = maxHeldBytes;
        channel.config().setAllocator(alloc);
        codecs.accept(channel.pipeline());
        channel.pipeline().addLast("check", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    onMessage.accept(ctx, msg);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // As the RTSP client session and server connection do: a framing error ends the connection.
                failures.add(cause);
                ctx.close();
            }
        });
    }

    /** The failures the pipeline reported to its last handler, in order. */
    List<Throwable> failures() {
        return failures;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Writes {@code bytes} in varying chunks until they run out or the pipeline closes the connection. */
    void feed(byte[] bytes) {
        int at = 0;
        for (int i = 0; at < bytes.length && channel.isOpen(); i++) {
            int n = Math.min(CHUNK_BYTES[i % CHUNK_BYTES.length], bytes.length - at);
            ByteBuf chunk = alloc.heapBuffer(n).writeBytes(bytes, at, n);
            at += n;
            channel.writeInbound(chunk);
            channel.runPendingTasks();
            assertThat(alloc.metric().usedHeapMemory())
                    .as("bytes the pipeline holds after %d of %d input bytes", at, bytes.length)
                    .isLessThanOrEqualTo(maxHeldBytes);
        }
    }

    /** Closes the channel (end of stream) and checks that no buffer is left allocated. */
    void closeAndCheckReleased() {
        channel.close();
        channel.runPendingTasks();
        channel.finishAndReleaseAll();
        assertThat(alloc.metric().usedHeapMemory()).as("heap bytes still allocated after close").isZero();
    }

    /** The payload size of a holder message, or of a buffer. */
    static int readableBytes(Object msg) {
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return ((ByteBuf) msg).readableBytes();
    }
}
