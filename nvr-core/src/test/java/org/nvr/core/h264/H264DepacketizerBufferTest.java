package org.nvr.core.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.rtp.RtpPacket;

/**
 * Reference counts of the packets' buffers: FU-A fragments are held (their payload buffers retained) until their
 * NAL unit ends (see {@link FragmentedNalUnit}), and every path that ends or drops the unit must give them back.
 * Packets are pooled direct buffers, as the RTSP client receives them.
 */
class H264DepacketizerBufferTest {
    private static final byte[] IDR = Hex.bytes(AnnexBSamples.IDR1_SLICE0);

    private final List<ByteBuf> packets = new ArrayList<>();
    private int seq = 500;

    @AfterEach
    void releasePackets() {
        for (ByteBuf packet : packets) {
            packet.release();
        }
    }

    @Test
    void fragmentsAreHeldUntilTheLastOneAndTheLastIsNeverHeld() {
        H264Depacketizer depacketizer = new H264Depacketizer();
        byte[] idr = H264DepacketizerTest.syntheticNalu(0x65, 3000);
        List<byte[]> fragments = H264DepacketizerTest.fuA(idr, 1400);

        assertThat(push(depacketizer, 9000, false, fragments.get(0))).isNull();
        assertThat(push(depacketizer, 9000, false, fragments.get(1))).isNull();
        assertThat(refCounts()).containsExactly(2, 2);
        DepacketizedFrame frame = push(depacketizer, 9000, true, fragments.get(2));

        assertThat(frame.nalus()).hasSize(1);
        assertThat(frame.nalus().get(0)).isEqualTo(idr);
        assertThat(refCounts()).containsExactly(1, 1, 1);
    }

    @Test
    void nalUnitsAreCopiesThatOutliveTheirPackets() {
        H264Depacketizer depacketizer = new H264Depacketizer();
        byte[] idr = H264DepacketizerTest.syntheticNalu(0x65, 3000);
        byte[] sps = Hex.bytes(AnnexBSamples.SPS);
        push(depacketizer, 1, false, sps);
        DepacketizedFrame frame = null;
        for (byte[] fragment : H264DepacketizerTest.fuA(idr, 1400)) {
            frame = push(depacketizer, 1, false, fragment);
        }
        frame = push(depacketizer, 3601, true, IDR);
        for (ByteBuf packet : packets) {
            packet.setZero(0, packet.capacity());
        }

        assertThat(frame.nalus()).containsExactly(sps, idr);
    }

    @Test
    void lossReleasesTheHeldFragments() {
        assertDropReleases(depacketizer -> {
            seq++;                                          // one packet lost
            push(depacketizer, 3600, true, H264DepacketizerTest.fuA(slice(), 1400).get(2));
        });
    }

    @Test
    void aSecondFuAStartReleasesTheHeldFragments() {
        assertDropReleases(depacketizer -> push(depacketizer, 3600, false,
                H264DepacketizerTest.fuA(slice(), 1400).get(0)));
    }

    @Test
    void aTimestampChangeBeforeTheEndBitReleasesTheHeldFragments() {
        assertDropReleases(depacketizer -> assertThat(push(depacketizer, 7200, true, IDR)).isNotNull());
    }

    @Test
    void passingTheAccessUnitLimitReleasesTheHeldFragments() {
        assertDropReleases(depacketizer -> {
            // FU-A continuation of the P slice, S=0 E=0 type 1, with 5000 bytes: past the 4000-byte limit.
            byte[] big = new byte[2 + 5000];
            big[0] = 0x5c;
            big[1] = 0x01;
            push(depacketizer, 3600, false, big);
        });
    }

    @Test
    void resetReleasesTheHeldFragments() {
        assertDropReleases(H264Depacketizer::reset);
    }

    @Test
    void closeReleasesTheHeldFragmentsAndIgnoresLaterPackets() {
        H264Depacketizer depacketizer = assertDropReleases(H264Depacketizer::close);
        List<byte[]> fragments = H264DepacketizerTest.fuA(slice(), 1400);

        assertThat(push(depacketizer, 7200, false, fragments.get(0))).isNull();
        assertThat(push(depacketizer, 10800, true, IDR)).isNull();
        assertThat(refCounts()).containsOnly(1);
        assertThat(depacketizer.completedFrames()).isEqualTo(1);
        depacketizer.close();
    }

    @Test
    void aNalUnitOfMoreFragmentsThanTheRetainedLimitIsStillWholeAndBounded() {
        H264Depacketizer depacketizer = new H264Depacketizer(1 << 20, 16, 3);
        byte[] idr = H264DepacketizerTest.syntheticNalu(0x65, 30_000);
        List<byte[]> fragments = H264DepacketizerTest.fuA(idr, 1000);
        assertThat(fragments).hasSize(30);
        DepacketizedFrame frame = null;
        for (int i = 0; i < fragments.size(); i++) {
            frame = push(depacketizer, 90, i == fragments.size() - 1, fragments.get(i));
            assertThat(refCounts().stream().filter(count -> count > 1)).hasSizeLessThanOrEqualTo(3);
        }

        assertThat(frame.nalus()).containsExactly(idr);
        assertThat(refCounts()).containsOnly(1);
        // A second one reuses the spill array.
        byte[] next = H264DepacketizerTest.syntheticNalu(0x41, 12_345);
        List<byte[]> nextFragments = H264DepacketizerTest.fuA(next, 1000);
        for (int i = 0; i < nextFragments.size(); i++) {
            frame = push(depacketizer, 3690, i == nextFragments.size() - 1, nextFragments.get(i));
        }
        assertThat(frame.nalus()).containsExactly(next);
        assertThat(refCounts()).containsOnly(1);
    }

    @Test
    void zeroLengthFragmentsAreNotHeld() {
        H264Depacketizer depacketizer = new H264Depacketizer();
        assertThat(push(depacketizer, 0, false, Hex.bytes("7c 85"))).isNull();          // IDR start, no data
        assertThat(push(depacketizer, 0, false, Hex.bytes("7c 05 aa bb"))).isNull();    // middle, 2 bytes
        assertThat(push(depacketizer, 0, false, Hex.bytes("7c 05"))).isNull();          // middle, no data
        assertThat(refCounts()).containsExactly(1, 2, 1);
        DepacketizedFrame frame = push(depacketizer, 0, true, Hex.bytes("7c 45 cc"));   // end, 1 byte

        assertThat(frame.nalus()).extracting(Hex::of).containsExactly("65aabbcc");
        assertThat(refCounts()).containsOnly(1);
    }

    @Test
    void rejectsANonPositiveRetainedFragmentLimit() {
        assertThatThrownBy(() -> new H264Depacketizer(1000, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetainedFragments=0");
    }

    /**
     * Delivers an IDR, holds the first two fragments of a 3000-byte P slice, then runs {@code drop}: afterwards no
     * packet may still be held, and the next IDR is delivered whole.
     */
    private H264Depacketizer assertDropReleases(Consumer<H264Depacketizer> drop) {
        H264Depacketizer depacketizer = new H264Depacketizer(4000, 16);
        assertThat(push(depacketizer, 0, true, IDR)).isNotNull();
        List<byte[]> fragments = H264DepacketizerTest.fuA(slice(), 1400);
        push(depacketizer, 3600, false, fragments.get(0));
        push(depacketizer, 3600, false, fragments.get(1));
        assertThat(refCounts()).containsExactly(1, 2, 2);

        drop.accept(depacketizer);

        assertThat(refCounts()).containsOnly(1);
        DepacketizedFrame next = push(depacketizer, 90_000, true, IDR);
        if (next != null) {
            assertThat(next.nalus()).containsExactly(IDR);
        }
        assertThat(refCounts()).containsOnly(1);
        return depacketizer;
    }

    /** A 3000-byte P slice (header 0x41: NRI 2, type 1). */
    private static byte[] slice() {
        return H264DepacketizerTest.syntheticNalu(0x41, 3000);
    }

    private List<Integer> refCounts() {
        List<Integer> counts = new ArrayList<>();
        for (ByteBuf packet : packets) {
            counts.add(packet.refCnt());
        }
        return counts;
    }

    /** Pushes one RTP packet in a pooled direct buffer that stays alive (and owned by this test) until the end. */
    private DepacketizedFrame push(H264Depacketizer target, long timestamp, boolean marker, byte[] payload) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(RtpPacket.HEADER_BYTES + payload.length);
        packets.add(buf);
        buf.writeByte(0x80);                                  // V=2, no padding, extension or CSRC
        buf.writeByte((marker ? 0x80 : 0) | 96);              // M, PT 96
        buf.writeShort(seq & 0xffff);
        buf.writeInt((int) timestamp);
        buf.writeInt(0x12345678);                             // SSRC
        buf.writeBytes(payload);
        seq = (seq + 1) & 0xffff;
        return target.push(RtpPacket.parse(buf));
    }
}
