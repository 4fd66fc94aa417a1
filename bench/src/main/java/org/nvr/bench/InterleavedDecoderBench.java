package org.nvr.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.h264.H264Packetizer;
import org.nvr.core.rtsp.InterleavedFrame;
import org.nvr.core.rtsp.InterleavedFrameDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InterleavedFrameDecoder} on the byte stream of an RTSP/TCP session: {@value #PACKETS} RTP packets of the
 * benchmark clip ({@link BenchClips}, cut by {@link H264Packetizer} at 1400 bytes, as {@link DepacketizerBench}
 * does), each framed as {@code $}, channel 0, 16-bit length (RFC 2326 §10.12), back to back, delivered as a TCP read
 * delivers them: in reads of {@code readBytes} (default 64 KiB, the largest read Netty's adaptive receive buffer
 * makes), so each read holds dozens of frames and the frame at its end is split across two reads. Each read is a
 * fresh buffer of the channel's allocator ({@code ioBuffer}, as Netty's socket read allocates it) handed to an
 * {@link EmbeddedChannel} whose pipeline is the decoder and a handler that takes each {@link InterleavedFrame} and
 * releases it at once, as the client session's handler does, so that the decoder's cumulation buffer is not shared
 * when the next read arrives (the real path's state).
 *
 * <p>One invocation is the whole stream, {@value #PACKETS} operations, so the score is ns per packet and
 * {@code -prof gc}'s {@code gc.alloc.rate.norm} bytes per packet. {@code readsOnly} does the same allocation and
 * copy of each read and releases it undecoded: what the harness's stand-in for the socket read costs, to subtract
 * from {@code decode}. Everything is released; the tear-down checks that every frame came out, whole, and that
 * no byte was skipped as garbage.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InterleavedDecoderBench {
    /** Packets in the stream; a constant because {@link OperationsPerInvocation} needs one. */
    static final int PACKETS = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(InterleavedDecoderBench.class);
    private static final int MAX_PAYLOAD_BYTES = 1400;
    private static final long FRAME_TICKS_90K = 90_000 / BenchClips.FPS;
    private static final int RTP_CHANNEL = 0;

    /** An Annex-B clip to use instead of the default ffmpeg-encoded one (empty: the default). */
    @Param("")
    public String clip;

    /** Bytes per TCP read. */
    @Param("65536")
    public int readBytes;

    /**
     * How the decoder joins a read to the bytes left from the previous one: {@code merge} (Netty's default, as the
     * product runs: the straddling frame's start and the whole new read are copied into one buffer) or
     * {@code composite} (the reads are chained without a copy), to show what that copy costs.
     */
    @Param("merge")
    public String cumulator;

    /** Counts and releases what the decoder emits, as the session handler consumes it. */
    private static final class Consumer extends ChannelInboundHandlerAdapter {
        private long frames;
        private long payloadBytes;
        private long unexpected;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof InterleavedFrame frame && frame.channel() == RTP_CHANNEL) {
                    frames++;
                    payloadBytes += frame.content().readableBytes();
                } else {
                    unexpected++;
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private ByteBuf stream;
    private long streamPayloadBytes;
    private InterleavedFrameDecoder decoder;
    private Consumer consumer;
    private EmbeddedChannel channel;
    private ByteBufAllocator alloc;
    private long invocations;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        DemoClip source = BenchClips.load(clip);
        H264Packetizer packetizer = new H264Packetizer(96, 0x1234_5678L, 0, MAX_PAYLOAD_BYTES);
        List<ByteBuf> packets = new ArrayList<>(PACKETS + 64);
        // The clip repeats (with rising timestamps) until there are enough packets.
        for (int i = 0; packets.size() < PACKETS; i++) {
            packetizer.packetize(source.frame(i % source.frameCount()).nalus(), i * FRAME_TICKS_90K,
                    PooledByteBufAllocator.DEFAULT, packets::add);
        }
        stream = PooledByteBufAllocator.DEFAULT.directBuffer();
        int split = 0;
        for (int i = 0; i < packets.size(); i++) {
            ByteBuf packet = packets.get(i);
            if (i < PACKETS) {
                int start = stream.writerIndex();
                stream.writeByte('$').writeByte(RTP_CHANNEL).writeShort(packet.readableBytes());
                streamPayloadBytes += packet.readableBytes();
                stream.writeBytes(packet, packet.readerIndex(), packet.readableBytes());
                if (start / readBytes != (stream.writerIndex() - 1) / readBytes) {
                    split++;
                }
            }
            packet.release();
        }
        decoder = new InterleavedFrameDecoder();
        switch (cumulator) {
            case "merge" -> decoder.setCumulator(ByteToMessageDecoder.MERGE_CUMULATOR);
            case "composite" -> decoder.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
            default -> throw new IllegalArgumentException("cumulator is merge or composite: " + cumulator);
        }
        consumer = new Consumer();
        channel = new EmbeddedChannel(decoder, consumer);
        alloc = channel.alloc();
        LOG.info("{}: {} RTP packets in {} bytes, {} reads of {} bytes, {} frames split across two reads", source,
                PACKETS, stream.readableBytes(), (stream.readableBytes() + readBytes - 1) / readBytes, readBytes,
                split);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        boolean leftOver = channel.finishAndReleaseAll();
        long garbage = decoder.garbageBytes();
        stream.release();
        // Only decode() invocations count frames; readsOnly leaves the counters at 0.
        if (consumer.frames != (long) PACKETS * invocations || consumer.unexpected != 0 || leftOver || garbage != 0
                || consumer.payloadBytes != streamPayloadBytes * invocations) {
            throw new IllegalStateException("the decoder did not emit the stream whole: frames=" + consumer.frames
                    + " expected=" + (long) PACKETS * invocations + " unexpected=" + consumer.unexpected
                    + " left_over=" + leftOver + " garbage_bytes=" + garbage);
        }
    }

    /** Every read of the stream through the decoder; returns the frames emitted so far. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long decode() {
        int total = stream.readableBytes();
        for (int offset = 0; offset < total; offset += readBytes) {
            channel.writeInbound(nextRead(offset, total));
        }
        invocations++;
        return consumer.frames;
    }

    /** The harness's part of {@link #decode}: each read allocated, filled and released, not decoded. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public int readsOnly() {
        int total = stream.readableBytes();
        int sum = 0;
        for (int offset = 0; offset < total; offset += readBytes) {
            ByteBuf read = nextRead(offset, total);
            sum += read.getByte(read.readerIndex());
            read.release();
        }
        return sum;
    }

    /** A socket read's buffer: allocated as Netty's read loop does, filled with the next bytes of the stream. */
    private ByteBuf nextRead(int offset, int total) {
        int length = Math.min(readBytes, total - offset);
        ByteBuf read = alloc.ioBuffer(readBytes);
        read.writeBytes(stream, stream.readerIndex() + offset, length);
        return read;
    }
}
