package org.nvr.core.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.rtp.RtpPacket;

class H264PacketizerTest {

    private final ByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;
    private final List<ByteBuf> packets = new ArrayList<>();

    @AfterEach
    void releasePackets() {
        packets.forEach(ByteBuf::release);
    }

    @Test
    void smallNalUnitIsOneSingleNalUnitPacketWithMarker() {
        H264Packetizer packetizer = new H264Packetizer(96, 0x11223344L, 0x1234, 1400);
        // A made-up 4-byte non-IDR slice: NAL header 0x41 (F=0, NRI=2, type 1), then 3 bytes of slice data.
        byte[] nalu = {0x41, (byte) 0x9a, 0x02, 0x03};

        packetizer.packetize(List.of(nalu), 0xdeadbeefL, alloc, packets::add);

        assertThat(packets).hasSize(1);
        assertThat(ByteBufUtil.hexDump(packets.get(0))).isEqualTo(
                "80"          // V=2, P=0, X=0, CC=0
                + "e0"        // M=1, PT=96
                + "1234"      // sequence number
                + "deadbeef"  // timestamp
                + "11223344"  // SSRC
                + "419a0203"); // RFC 6184 §5.6: the NAL unit as it is
        assertThat(packetizer.nextSequence()).isEqualTo(0x1235);
        assertThat(packetizer.packetCount()).isEqualTo(1);
        assertThat(packetizer.octetCount()).isEqualTo(4);
    }

    @Test
    void markerOnlyOnTheLastPacketOfTheAccessUnit() {
        H264Packetizer packetizer = new H264Packetizer(96, 1, 0, 1400);
        byte[] sps = {0x67, 0x42, 0x00, 0x1e};
        byte[] pps = {0x68, (byte) 0xce, 0x38, (byte) 0x80};
        byte[] idr = {0x65, (byte) 0x88, (byte) 0x84, 0x00};

        packetizer.packetize(List.of(sps, pps, idr), 3600, alloc, packets::add);

        assertThat(packets).hasSize(3);
        List<Boolean> markers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RtpPacket rtp = RtpPacket.parse(packets.get(i));
            markers.add(rtp.marker());
            assertThat(rtp.sequenceNumber()).isEqualTo(i);
            assertThat(rtp.timestamp()).isEqualTo(3600);
        }
        assertThat(markers).containsExactly(false, false, true);
        assertThat(payload(packets.get(0))).containsExactly(sps);
        assertThat(payload(packets.get(2))).containsExactly(idr);
    }

    @Test
    void largeNalUnitIsSplitIntoFuAFragments() {
        H264Packetizer packetizer = new H264Packetizer(96, 0xcafebabeL, 100, 1400);
        byte[] idr = pattern(3000, (byte) 0x65); // NAL header 0x65: F=0, NRI=3, type 5 (IDR slice)

        packetizer.packetize(List.of(idr), 90000, alloc, packets::add);

        // 2999 bytes after the NAL header, 1398 per fragment: 1398 + 1398 + 203.
        assertThat(packets).hasSize(3);
        ByteBuf first = packets.get(0);
        assertThat(ByteBufUtil.hexDump(first, 0, 14)).isEqualTo(
                "80" + "60"   // V=2; M=0, PT=96
                + "0064"      // sequence number 100
                + "00015f90"  // timestamp 90000
                + "cafebabe"  // SSRC
                + "7c"        // FU indicator: F=0, NRI=3 (0x60) | type 28
                + "85");      // FU header: S=1, E=0, type 5
        assertThat(ByteBufUtil.hexDump(packets.get(1), 1, 1)).isEqualTo("60");
        assertThat(ByteBufUtil.hexDump(packets.get(1), 12, 2)).isEqualTo("7c05"); // S=0, E=0
        assertThat(ByteBufUtil.hexDump(packets.get(2), 1, 1)).isEqualTo("e0");    // M=1 on the last fragment
        assertThat(ByteBufUtil.hexDump(packets.get(2), 12, 2)).isEqualTo("7c45"); // S=0, E=1
        assertThat(packets.get(0).readableBytes()).isEqualTo(12 + 2 + 1398);
        assertThat(packets.get(2).readableBytes()).isEqualTo(12 + 2 + 203);
        for (ByteBuf packet : packets) {
            assertThat(packet.readableBytes()).isLessThanOrEqualTo(12 + 1400);
        }
        assertThat(reassemble(packets)).isEqualTo(idr);
        assertThat(packetizer.octetCount()).isEqualTo(3 * 2 + 2999);
    }

    @Test
    void fuAIndicatorKeepsForbiddenAndNriBits() {
        H264Packetizer packetizer = new H264Packetizer(96, 1, 0, 100);
        byte[] nalu = pattern(150, (byte) 0xa1); // F=1, NRI=1, type 1: the F bit must survive (RFC 6184 §5.8)

        packetizer.packetize(List.of(nalu), 0, alloc, packets::add);

        assertThat(packets).hasSize(2);
        assertThat(ByteBufUtil.hexDump(packets.get(0), 12, 2)).isEqualTo("bc81"); // 0xa0|28, S|type 1
        assertThat(ByteBufUtil.hexDump(packets.get(1), 12, 2)).isEqualTo("bc41"); // E|type 1
        assertThat(reassemble(packets)).isEqualTo(nalu);
    }

    @Test
    void nalUnitOfExactlyMaxPayloadIsNotFragmented() {
        H264Packetizer packetizer = new H264Packetizer(96, 1, 0, 1400);

        packetizer.packetize(List.of(pattern(1400, (byte) 0x41)), 0, alloc, packets::add);
        packetizer.packetize(List.of(pattern(1401, (byte) 0x41)), 3600, alloc, packets::add);

        assertThat(packets).hasSize(1 + 2);
        assertThat(packets.get(0).readableBytes()).isEqualTo(1412);
        assertThat(packetizer.packetsFor(1400)).isEqualTo(1);
        assertThat(packetizer.packetsFor(1401)).isEqualTo(2);
        assertThat(packetizer.packetsFor(1399 + 1398)).isEqualTo(2);
        assertThat(packetizer.packetsFor(1400 + 1398)).isEqualTo(3);
    }

    @Test
    void sequenceNumberWrapsAt65535() {
        H264Packetizer packetizer = new H264Packetizer(96, 1, 65534, 1400);

        packetizer.packetize(List.of(new byte[] {0x41, 1}, new byte[] {0x41, 2}, new byte[] {0x41, 3}), 0, alloc,
                packets::add);

        assertThat(packets).extracting(p -> RtpPacket.parse(p).sequenceNumber()).containsExactly(65534, 65535, 0);
        assertThat(packetizer.nextSequence()).isEqualTo(1);
    }

    @Test
    void interleavedOutputIsTheSamePacketsFramedInOneBuffer() {
        H264Packetizer plain = new H264Packetizer(96, 0x01020304L, 65530, 1400);
        H264Packetizer interleaved = new H264Packetizer(96, 0x01020304L, 65530, 1400);
        List<byte[]> au = List.of(new byte[] {0x67, 0x42, 0x00, 0x1e}, new byte[] {0x68, (byte) 0xce, 0x38},
                pattern(5000, (byte) 0x65));

        plain.packetize(au, 0xfffffff0L, alloc, packets::add);
        ByteBuf frames = interleaved.packetizeInterleaved(au, 0xfffffff0L, 2, alloc);
        try {
            for (ByteBuf packet : packets) {
                assertThat(frames.readByte()).isEqualTo((byte) '$');
                assertThat(frames.readUnsignedByte()).isEqualTo((short) 2);
                int length = frames.readUnsignedShort();
                assertThat(length).isEqualTo(packet.readableBytes());
                assertThat(ByteBufUtil.equals(frames.readSlice(length), packet)).isTrue();
            }
            assertThat(frames.isReadable()).isFalse();
            assertThat(frames.capacity()).isEqualTo(frames.writerIndex()); // sized exactly, no slack
        } finally {
            frames.release();
        }
        assertThat(interleaved.nextSequence()).isEqualTo(plain.nextSequence());
        assertThat(interleaved.octetCount()).isEqualTo(plain.octetCount());
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new H264Packetizer(128, 1, 0, 1400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264Packetizer(96, 1L << 32, 0, 1400))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264Packetizer(96, 1, 65536, 1400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264Packetizer(96, 1, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264Packetizer(96, 1, 0, 65524)).isInstanceOf(IllegalArgumentException.class);
        H264Packetizer packetizer = new H264Packetizer(96, 1, 0, 1400);
        assertThatThrownBy(() -> packetizer.packetize(List.of(), 0, alloc, packets::add))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> packetizer.packetize(List.of(new byte[0]), 0, alloc, packets::add))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> packetizer.packetize(List.of(new byte[] {0x41}), 1L << 32, alloc, packets::add))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> packetizer.packetizeInterleaved(List.of(new byte[] {0x41}), 0, 256, alloc))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(packets).isEmpty();
        assertThat(packetizer.nextSequence()).isZero();
    }

    /** A NAL unit of {@code length} bytes: the header byte, then a counting pattern. */
    private static byte[] pattern(int length, byte header) {
        byte[] nalu = new byte[length];
        nalu[0] = header;
        for (int i = 1; i < length; i++) {
            nalu[i] = (byte) (i * 7);
        }
        return nalu;
    }

    private static byte[] payload(ByteBuf packet) {
        return ByteBufUtil.getBytes(RtpPacket.parse(packet).payload());
    }

    /** Rebuilds a NAL unit from FU-A fragments as a receiver does (RFC 6184 §5.8). */
    private static byte[] reassemble(List<ByteBuf> fragments) {
        ByteArrayOutputStream nalu = new ByteArrayOutputStream();
        for (ByteBuf packet : fragments) {
            byte[] payload = payload(packet);
            assertThat(payload[0] & 0x1f).isEqualTo(28);
            if ((payload[1] & 0x80) != 0) {
                nalu.write((payload[0] & 0xe0) | (payload[1] & 0x1f));
            }
            nalu.write(payload, 2, payload.length - 2);
        }
        return nalu.toByteArray();
    }
}
