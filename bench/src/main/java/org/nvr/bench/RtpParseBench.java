package org.nvr.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
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

/**
 * {@link RtpPacket#parse} of one 1400-byte FU-A packet, the common packet of a 4 Mbit/s camera stream, in a
 * pooled direct buffer as Netty's socket reads deliver it. {@code parse} hands the packet to JMH, so its record
 * and payload slice are really allocated (as when the packet is queued); {@code parseFields} only reads it, which
 * shows whether escape analysis can remove those allocations when the caller inlines the parse.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RtpParseBench {
    /** RTP payload bytes after the 12-byte header (1400 is the demo camera's and most cameras' MTU-safe size). */
    @Param("1400")
    public int payloadBytes;

    private ByteBuf packet;

    @Setup
    public void setUp() {
        packet = PooledByteBufAllocator.DEFAULT.directBuffer(RtpPacket.HEADER_BYTES + payloadBytes);
        packet.writeByte(0x80);             // V=2, P=0, X=0, CC=0
        packet.writeByte(96);               // M=0, PT=96 (dynamic, RFC 6184 §8.2.1 SDP)
        packet.writeShort(4711);            // sequence number
        packet.writeInt(123_456_789);       // timestamp, 90 kHz
        packet.writeInt(0x1234_5678);       // SSRC
        packet.writeByte(0x7c);             // FU indicator: NRI=3, type 28 (FU-A, RFC 6184 §5.8)
        packet.writeByte(0x05);             // FU header: S=0, E=0, type 5 (IDR slice)
        packet.writeZero(payloadBytes - 2);
    }

    @TearDown
    public void tearDown() {
        packet.release();
    }

    @Benchmark
    public RtpPacket parse() {
        return RtpPacket.parse(packet);
    }

    @Benchmark
    public long parseFields() {
        RtpPacket p = RtpPacket.parse(packet);
        return p.sequenceNumber() + p.timestamp() + p.ssrc() + p.payload().readableBytes() + (p.marker() ? 1 : 0);
    }
}
