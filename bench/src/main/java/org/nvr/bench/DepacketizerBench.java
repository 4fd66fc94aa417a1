package org.nvr.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nvr.core.demo.DemoClip;
import org.nvr.core.h264.DepacketizedFrame;
import org.nvr.core.h264.H264Depacketizer;
import org.nvr.core.h264.H264Packetizer;
import org.nvr.core.rtp.RtpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
 * {@link H264Depacketizer#push} per RTP packet over a real 4 Mbit/s clip (1280x720, 25 frames/s, a keyframe
 * every 50 frames, see {@link BenchClips}) cut into RFC 6184 packets of at most 1400 bytes by
 * {@link H264Packetizer}: mostly FU-A fragments, plus single NAL unit packets for SPS, PPS and small slices.
 *
 * <p>One operation is one packet, so the score is ns/packet and {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} is bytes allocated per packet (the access units' NAL unit copies, amortized
 * over their packets, are the expected part). Packets cycle through the clip; each gets the next sequence
 * number written in place, so the depacketizer sees one endless, loss-free stream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DepacketizerBench {
    private static final Logger LOG = LoggerFactory.getLogger(DepacketizerBench.class);
    private static final int MAX_PAYLOAD_BYTES = 1400;
    private static final long FRAME_TICKS_90K = 90_000 / BenchClips.FPS;

    /** An Annex-B clip to use instead of the default ffmpeg-encoded one (empty: the default). */
    @Param("")
    public String clip;

    private ByteBuf[] packets;
    private H264Depacketizer depacketizer;
    private int next;
    private int sequence;

    @Setup
    public void setUp() throws IOException {
        DemoClip source = BenchClips.load(clip);
        H264Packetizer packetizer = new H264Packetizer(96, 0x1234_5678L, 0, MAX_PAYLOAD_BYTES);
        List<ByteBuf> out = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < source.frameCount(); i++) {
            packetizer.packetize(source.frame(i).nalus(), i * FRAME_TICKS_90K, PooledByteBufAllocator.DEFAULT,
                    out::add);
        }
        for (ByteBuf packet : out) {
            bytes += packet.readableBytes();
        }
        packets = out.toArray(new ByteBuf[0]);
        depacketizer = new H264Depacketizer();
        LOG.info("{}: {} RTP packets, {} bytes on average, {} kbit/s", source, packets.length,
                bytes / packets.length, bytes * 8 * BenchClips.FPS / source.frameCount() / 1000);
    }

    @TearDown
    public void tearDown() {
        for (ByteBuf packet : packets) {
            packet.release();
        }
        if (depacketizer.lostPackets() != 0 || depacketizer.malformedPackets() != 0) {
            throw new IllegalStateException("benchmark stream was not clean: lost=" + depacketizer.lostPackets()
                    + " malformed=" + depacketizer.malformedPackets());
        }
    }

    /** The ingest's per-packet work after framing: parse the RTP header, then depacketize. */
    @Benchmark
    public DepacketizedFrame parseAndPush() {
        return depacketizer.push(RtpPacket.parse(nextPacket()));
    }

    private ByteBuf nextPacket() {
        ByteBuf packet = packets[next];
        if (++next == packets.length) {
            next = 0;
        }
        // RFC 3550 §5.1: bytes 2..3 are the sequence number.
        packet.setShort(packet.readerIndex() + 2, sequence);
        sequence = (sequence + 1) & 0xffff;
        return packet;
    }
}
