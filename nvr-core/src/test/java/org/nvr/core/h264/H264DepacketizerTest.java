package org.nvr.core.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.rtp.RtpPacket;

class H264DepacketizerTest {
    private static final String SPS = AnnexBSamples.SPS;
    private static final String PPS = AnnexBSamples.PPS;
    private static final String IDR = AnnexBSamples.IDR1_SLICE0;
    private static final String P = AnnexBSamples.P_SLICE0;
    private static final String SEI = "06 05 01 80"; // user_data_unregistered, 1 byte long (truncated sample)

    private final H264Depacketizer depacketizer = new H264Depacketizer();
    private int seq = 1000;

    @Test
    void singleNalUnitPacketsMakeAnAccessUnitEndedByTheMarker() {
        assertThat(push(3000, false, SPS)).isNull();
        assertThat(push(3000, false, PPS)).isNull();
        assertThat(push(3000, false, IDR)).isNull();
        DepacketizedFrame frame = push(3000, true, AnnexBSamples.IDR1_SLICE1);

        assertThat(frame.rtpTimestamp()).isEqualTo(3000);
        assertThat(frame.keyframe()).isTrue();
        assertThat(frame.nalus()).extracting(Hex::of)
                .containsExactly(hex(SPS), hex(PPS), hex(IDR), hex(AnnexBSamples.IDR1_SLICE1));
        assertThat(depacketizer.completedFrames()).isEqualTo(1);
        assertThat(depacketizer.waitingForKeyframe()).isFalse();

        DepacketizedFrame p = push(6600, true, P);
        assertThat(p.keyframe()).isFalse();
        assertThat(p.nalus()).extracting(Hex::of).containsExactly(hex(P));
        assertThat(depacketizer.completedFrames()).isEqualTo(2);
    }

    @Test
    void parsesAWholeRtpPacketCarryingStapA() {
        byte[] packet = Hex.bytes(""
                + "80 | 60 | 03 e8 | 00 00 0b b8 | 12 34 56 78"   // V=2, M=0 PT=96, seq 1000, ts 3000, SSRC
                + "18"                                               // STAP-A NAL header: F=0 NRI=0 type 24
                + "00 16 | " + SPS                                   // NALU 1 size 22, SPS
                + "00 04 | " + PPS                                   // NALU 2 size 4, PPS
                + "00 04 | " + SEI);                                 // NALU 3 size 4, SEI
        assertThat(pushRaw(packet)).isNull();
        seq = 1001;
        DepacketizedFrame frame = push(3000, true, IDR);

        assertThat(frame.nalus()).extracting(Hex::of).containsExactly(hex(SPS), hex(PPS), hex(SEI), hex(IDR));
        assertThat(frame.keyframe()).isTrue();
        assertThat(depacketizer.malformedPackets()).isZero();
    }

    @Test
    void fuAFragmentsOfA3000ByteIdrReassembleByteForByte() {
        byte[] idr = syntheticNalu(0x65, 3000);
        List<byte[]> fragments = fuA(idr, 1400);
        assertThat(fragments).hasSize(3);
        // RFC 6184 §5.8: FU indicator 0x7c (F=0, NRI=3 from 0x65, type 28), FU header 0x85 (S=1, type 5).
        assertThat(Hex.of(Arrays.copyOf(fragments.get(0), 3))).isEqualTo("7c8502");
        assertThat(fragments.get(1)[1]).isEqualTo((byte) 0x05);  // S=0 E=0
        assertThat(fragments.get(2)[1]).isEqualTo((byte) 0x45);  // E=1

        assertThat(push(9000, false, fragments.get(0))).isNull();
        assertThat(push(9000, false, fragments.get(1))).isNull();
        DepacketizedFrame frame = push(9000, true, fragments.get(2));

        assertThat(frame.nalus()).hasSize(1);
        assertThat(frame.nalus().get(0)).isEqualTo(idr);
        assertThat(frame.keyframe()).isTrue();
    }

    @Test
    void fuARebuildsTheNalHeaderFromIndicatorAndFuHeader() {
        push(0, true, IDR);
        // A P slice with NRI=2 (header 0x41): indicator 0x5c (NRI=2, type 28), FU header type 1.
        byte[] slice = syntheticNalu(0x41, 50);
        List<byte[]> fragments = fuA(slice, 20);
        assertThat(fragments.get(0)[0]).isEqualTo((byte) 0x5c);
        for (int i = 0; i < fragments.size(); i++) {
            DepacketizedFrame frame = push(3600, i == fragments.size() - 1, fragments.get(i));
            if (i == fragments.size() - 1) {
                assertThat(frame.nalus().get(0)).isEqualTo(slice);
            } else {
                assertThat(frame).isNull();
            }
        }
    }

    @Test
    void accessUnitsLargerThanTheInitialBufferAreReassembled() {
        byte[] sps = Hex.bytes(SPS);
        byte[] idr = syntheticNalu(0x65, 300_000);
        push(1, false, sps);
        DepacketizedFrame frame = null;
        List<byte[]> fragments = fuA(idr, 1400);
        for (int i = 0; i < fragments.size(); i++) {
            frame = push(1, i == fragments.size() - 1, fragments.get(i));
        }
        assertThat(frame.nalus()).hasSize(2);
        assertThat(frame.nalus().get(0)).isEqualTo(sps);
        assertThat(frame.nalus().get(1)).isEqualTo(idr);
    }

    @Test
    void markerOnParameterSetsAloneDoesNotEndTheAccessUnit() {
        // TP-Link Tapo TC70 sets M on the SPS and the PPS packets of an IDR picture.
        assertThat(push(4500, true, SPS)).isNull();
        assertThat(push(4500, true, PPS)).isNull();
        assertThat(push(4500, true, SEI)).isNull();
        DepacketizedFrame frame = push(4500, true, IDR);
        assertThat(frame.nalus()).extracting(Hex::of).containsExactly(hex(SPS), hex(PPS), hex(SEI), hex(IDR));
    }

    @Test
    void aTimestampChangeEndsTheAccessUnitWhenTheCameraNeverSetsTheMarker() {
        assertThat(push(1000, false, SPS)).isNull();
        assertThat(push(1000, false, IDR)).isNull();
        DepacketizedFrame first = push(4600, false, P);
        assertThat(first.rtpTimestamp()).isEqualTo(1000);
        assertThat(first.nalus()).extracting(Hex::of).containsExactly(hex(SPS), hex(IDR));
        DepacketizedFrame second = push(8200, false, P);
        assertThat(second.rtpTimestamp()).isEqualTo(4600);
        assertThat(second.keyframe()).isFalse();
    }

    @Test
    void parameterSetsWithTheirOwnTimestampJoinTheNextPicture() {
        assertThat(push(0, true, SPS)).isNull();
        assertThat(push(0, true, PPS)).isNull();
        DepacketizedFrame frame = push(3600, true, IDR);
        assertThat(frame.rtpTimestamp()).isEqualTo(3600);
        assertThat(frame.nalus()).extracting(Hex::of).containsExactly(hex(SPS), hex(PPS), hex(IDR));
    }

    @Test
    void whenOnePacketEndsTwoAccessUnitsTheSecondComesOnTheNextCall() {
        assertThat(push(1000, false, IDR)).isNull();
        // The timestamp change ends the IDR picture, and this packet's marker ends the P picture.
        DepacketizedFrame first = push(4600, true, P);
        assertThat(first.rtpTimestamp()).isEqualTo(1000);
        DepacketizedFrame second = push(8200, false, AnnexBSamples.P_SLICE1);
        assertThat(second.rtpTimestamp()).isEqualTo(4600);
        assertThat(second.nalus()).extracting(Hex::of).containsExactly(hex(P));
        DepacketizedFrame third = push(11800, true, P);
        assertThat(third.rtpTimestamp()).isEqualTo(8200);
        assertThat(push(15400, true, P).rtpTimestamp()).isEqualTo(11800);
        assertThat(push(19000, true, P).rtpTimestamp()).isEqualTo(15400);
        assertThat(depacketizer.completedFrames()).isEqualTo(5);
    }

    @Test
    void deliversNothingBeforeTheFirstIdr() {
        assertThat(push(1000, true, P)).isNull();
        assertThat(push(2000, true, P)).isNull();
        assertThat(depacketizer.droppedFrames()).isEqualTo(2);
        assertThat(depacketizer.waitingForKeyframe()).isTrue();
        assertThat(push(3000, true, IDR).keyframe()).isTrue();
        assertThat(push(4000, true, P)).isNotNull();
        assertThat(depacketizer.lostPackets()).isZero();
    }

    @Test
    void lossInsideAnFuADropsFramesUntilTheNextIdr() {
        push(0, true, IDR);
        List<byte[]> fragments = fuA(syntheticNalu(0x41, 3000), 1400);
        push(3600, false, fragments.get(0));
        seq++;                                          // fragments.get(1) is lost
        assertThat(push(3600, true, fragments.get(2))).isNull();
        assertThat(push(7200, true, P)).isNull();       // refers to the damaged picture
        assertThat(push(10800, true, P)).isNull();
        List<byte[]> idrFragments = fuA(syntheticNalu(0x65, 3000), 1400);
        push(14400, false, Hex.bytes(SPS));
        push(14400, false, idrFragments.get(0));
        push(14400, false, idrFragments.get(1));
        DepacketizedFrame recovered = push(14400, true, idrFragments.get(2));

        assertThat(recovered.keyframe()).isTrue();
        assertThat(recovered.nalus()).hasSize(2);
        assertThat(depacketizer.lostPackets()).isEqualTo(1);
        assertThat(depacketizer.droppedFrames()).isEqualTo(3);
        assertThat(depacketizer.malformedPackets()).isZero();
        assertThat(depacketizer.completedFrames()).isEqualTo(2);
    }

    @Test
    void lossOfAMarkerPacketDropsBothNeighbouringAccessUnits() {
        push(0, true, IDR);
        push(3600, false, P);
        seq += 3;                                         // the rest of 3600, with the marker, lost
        assertThat(push(7200, false, AnnexBSamples.P_SLICE1)).isNull();
        assertThat(push(7200, true, P)).isNull();
        assertThat(depacketizer.lostPackets()).isEqualTo(3);
        assertThat(depacketizer.droppedFrames()).isEqualTo(2);
        assertThat(push(10800, true, IDR)).isNotNull();
    }

    @Test
    void sequenceNumbersWrapFrom65535To0WithoutLoss() {
        seq = 65534;
        List<byte[]> fragments = fuA(syntheticNalu(0x65, 3000), 1400);
        push(1, false, fragments.get(0));                 // 65534
        push(1, false, fragments.get(1));                 // 65535
        DepacketizedFrame frame = push(1, true, fragments.get(2));  // 0
        assertThat(frame).isNotNull();
        assertThat(push(3601, true, P)).isNotNull();      // 1
        assertThat(depacketizer.lostPackets()).isZero();
        assertThat(depacketizer.droppedFrames()).isZero();
    }

    @Test
    void aJumpPastTheDropoutLimitIsARestartNotLoss() {
        seq = 100;
        push(0, true, IDR);
        seq = 100 + 3001;                                 // RFC 3550 §A.1 MAX_DROPOUT is 3000
        assertThat(push(3600, true, P)).isNull();
        assertThat(depacketizer.lostPackets()).isZero();
        assertThat(depacketizer.waitingForKeyframe()).isTrue();
        seq = 200;
        push(7200, true, IDR);
        seq = 200 + 2999;                                 // just inside the limit: counted as loss
        push(10800, true, P);
        assertThat(depacketizer.lostPackets()).isEqualTo(2998);
    }

    @Test
    void lossAcrossTheWrapIsCountedBySequenceDistance() {
        seq = 65533;
        push(1, true, IDR);                               // 65533
        seq = 2;                                          // 65534, 65535, 0, 1 lost
        assertThat(push(3601, true, P)).isNull();
        assertThat(depacketizer.lostPackets()).isEqualTo(4);
    }

    @Test
    void anFuAThatNeverEndsIsBoundedByMaxAccessUnitBytes() {
        H264Depacketizer small = new H264Depacketizer(10_000, 16);
        byte[] start = Hex.bytes("7c 85" + " 11".repeat(1000));     // FU-A start of an IDR
        byte[] middle = Hex.bytes("7c 05" + " 22".repeat(1000));    // S=0 E=0, forever
        assertThat(push(small, 90, false, start)).isNull();
        for (int i = 0; i < 100; i++) {
            assertThat(push(small, 90, false, middle)).isNull();
        }
        assertThat(small.malformedPackets()).isEqualTo(1);
        assertThat(small.droppedFrames()).isEqualTo(1);
        // The next picture is whole again.
        assertThat(push(small, 3690, true, Hex.bytes(IDR)).nalus()).extracting(Hex::of).containsExactly(hex(IDR));
    }

    @Test
    void anAccessUnitWithTooManyNalUnitsIsDropped() {
        H264Depacketizer small = new H264Depacketizer(10_000, 3);
        push(small, 1, false, Hex.bytes(SPS));
        push(small, 1, false, Hex.bytes(PPS));
        push(small, 1, false, Hex.bytes(IDR));
        assertThat(push(small, 1, true, Hex.bytes(IDR))).isNull();
        assertThat(small.malformedPackets()).isEqualTo(1);
        assertThat(push(small, 3601, true, Hex.bytes(IDR))).isNotNull();
    }

    @Test
    void fuAContinuationWithoutStartIsMalformed() {
        push(0, true, IDR);
        assertThat(push(3600, false, Hex.bytes("7c 05 aa bb"))).isNull();
        assertThat(push(3600, true, Hex.bytes("7c 45 cc"))).isNull();
        assertThat(depacketizer.malformedPackets()).isEqualTo(1);
        assertThat(depacketizer.waitingForKeyframe()).isTrue();
        assertThat(depacketizer.lostPackets()).isZero();
    }

    @Test
    void aSessionThatStartsInsideAnFuAIsNotMalformed() {
        assertThat(push(0, false, Hex.bytes("7c 05 aa bb"))).isNull();   // the middle of an IDR
        assertThat(push(0, true, Hex.bytes("7c 45 cc"))).isNull();
        assertThat(depacketizer.malformedPackets()).isZero();
        assertThat(depacketizer.droppedFrames()).isEqualTo(1);
        assertThat(push(3600, true, IDR)).isNotNull();
        depacketizer.reset();
        assertThat(push(0, false, Hex.bytes("7c 05 aa bb"))).isNull();
        assertThat(depacketizer.malformedPackets()).isZero();
    }

    @Test
    void fuAStartWhileOneIsOpenIsMalformed() {
        push(0, true, IDR);
        push(3600, false, Hex.bytes("5c 81 aa"));          // start of a type 1 unit
        push(3600, false, Hex.bytes("5c 81 bb"));          // a second start: the first never ended
        assertThat(push(3600, true, Hex.bytes("5c 41 cc"))).isNull();
        assertThat(depacketizer.malformedPackets()).isEqualTo(1);
        assertThat(depacketizer.droppedFrames()).isEqualTo(1);
    }

    @Test
    void fuAThatEndsWithTheTimestampInsteadOfAnEBitIsMalformed() {
        push(0, true, IDR);
        push(3600, false, Hex.bytes("5c 81 aa"));
        assertThat(push(7200, true, IDR)).isNotNull();    // the IDR itself is whole
        assertThat(depacketizer.malformedPackets()).isEqualTo(1);
        assertThat(depacketizer.droppedFrames()).isEqualTo(1);
    }

    @Test
    void fuAHeaderErrorsAreMalformed() {
        String[] bad = {
            "7c",            // no FU header
            "7c c5 aa",      // S and E both set (RFC 6184 §5.8)
            "7c 98 aa",      // fragments a STAP-A (type 24)
            "7c 80 aa",      // fragments type 0
        };
        for (String payload : bad) {
            push(seq, true, IDR);
            push(seq * 10L, true, Hex.bytes(payload));
        }
        assertThat(depacketizer.malformedPackets()).isEqualTo(bad.length);
    }

    @Test
    void fuAFragmentOfAnotherTypeIsMalformed() {
        push(0, true, IDR);
        push(3600, false, Hex.bytes("7c 85 aa"));          // IDR start
        push(3600, true, Hex.bytes("7c 41 bb"));           // end, but of a type 1 unit
        assertThat(depacketizer.malformedPackets()).isEqualTo(1);
    }

    @Test
    void interleavedModePacketsAreRejected() {
        String[] interleaved = {
            "19 00 01 00 02 09 10",            // STAP-B: DON 1, one 2-byte AUD
            "1a 00 01 00 02 09 10",            // MTAP16
            "1b 00 01 00 02 09 10",            // MTAP24
            "1d 85 00 01 aa",                  // FU-B: start of an IDR, DON 1
        };
        for (String payload : interleaved) {
            long timestamp = seq;
            push(timestamp, false, IDR);
            assertThat(push(timestamp, true, Hex.bytes(payload))).isNull();
        }
        assertThat(depacketizer.malformedPackets()).isEqualTo(4);
        assertThat(depacketizer.droppedFrames()).isEqualTo(4);
        assertThat(depacketizer.completedFrames()).isZero();
    }

    @Test
    void stapAErrorsAreMalformed() {
        String[] bad = {
            "18",                              // no aggregation unit
            "18 00",                           // size field cut
            "18 00 05 67 42",                  // size 5 but 2 bytes left
            "18 00 00",                        // size 0
            "18 00 02 09 10 00",               // second size field cut
            "18 00 03 7c 85 00",               // holds an FU-A
            "18 00 02 89 10",                  // holds a unit with the forbidden bit
        };
        for (String payload : bad) {
            push(seq, true, IDR);
            push(seq * 10L, true, Hex.bytes(payload));
        }
        assertThat(depacketizer.malformedPackets()).isEqualTo(bad.length);
    }

    @Test
    void forbiddenBitAndEmptyPayloadAreMalformed() {
        push(0, true, IDR);
        push(3600, true, Hex.bytes("c1 9a 20"));           // F=1 on a P slice
        push(7200, true, new byte[0]);
        assertThat(depacketizer.malformedPackets()).isEqualTo(2);
        assertThat(depacketizer.completedFrames()).isEqualTo(1);
    }

    @Test
    void reservedTypesAreIgnoredWithoutDroppingThePicture() {
        push(0, false, SPS);
        push(0, false, Hex.bytes("1e 01 02"));             // type 30, reserved in RFC 6184 Table 3
        DepacketizedFrame frame = push(0, true, IDR);
        assertThat(frame.nalus()).extracting(Hex::of).containsExactly(hex(SPS), hex(IDR));
        assertThat(depacketizer.malformedPackets()).isEqualTo(1);
    }

    @Test
    void duplicatePacketsAreIgnored() {
        push(0, false, IDR);
        seq--;
        push(0, false, IDR);                               // same sequence number again
        DepacketizedFrame frame = push(0, true, AnnexBSamples.IDR1_SLICE1);
        assertThat(frame.nalus()).hasSize(2);
        assertThat(depacketizer.lostPackets()).isZero();
    }

    @Test
    void aSequenceNumberGoingBackIsARestartThatWaitsForAnIdr() {
        seq = 40_000;
        push(0, true, IDR);
        seq = 20_000;                                       // the camera restarted its numbering
        assertThat(push(3600, true, P)).isNull();
        assertThat(depacketizer.lostPackets()).isZero();
        assertThat(depacketizer.waitingForKeyframe()).isTrue();
        assertThat(push(7200, true, IDR)).isNotNull();
    }

    @Test
    void resetForgetsThePendingUnitAndTheSequenceAndWaitsForAnIdr() {
        push(0, true, IDR);
        push(3600, false, Hex.bytes("7c 85 aa"));          // an IDR cut by the reconnect
        depacketizer.reset();
        seq = 7;                                            // a new session numbers from anywhere
        assertThat(push(90_000, true, P)).isNull();
        assertThat(depacketizer.lostPackets()).isZero();
        assertThat(depacketizer.malformedPackets()).isZero();
        DepacketizedFrame frame = push(93_600, true, IDR);
        assertThat(frame.nalus()).extracting(Hex::of).containsExactly(hex(IDR));
    }

    @Test
    void rejectsNonPositiveLimits() {
        assertThatThrownBy(() -> new H264Depacketizer(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new H264Depacketizer(1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 6184 §5.8: splits {@code nalu} into FU-A payloads of at most {@code maxFragment} NAL unit bytes. */
    static List<byte[]> fuA(byte[] nalu, int maxFragment) {
        byte indicator = (byte) ((nalu[0] & 0xe0) | NalUnitType.FU_A);
        int type = nalu[0] & 0x1f;
        List<byte[]> out = new ArrayList<>();
        for (int offset = 1; offset < nalu.length; offset += maxFragment) {
            int n = Math.min(maxFragment, nalu.length - offset);
            byte[] payload = new byte[2 + n];
            payload[0] = indicator;
            payload[1] = (byte) ((offset == 1 ? 0x80 : 0) | (offset + n == nalu.length ? 0x40 : 0) | type);
            System.arraycopy(nalu, offset, payload, 2, n);
            out.add(payload);
        }
        return out;
    }

    /** A NAL unit of {@code size} bytes: {@code header}, then a counting pattern with no 00 00 runs. */
    static byte[] syntheticNalu(int header, int size) {
        byte[] nalu = new byte[size];
        nalu[0] = (byte) header;
        for (int i = 1; i < size; i++) {
            nalu[i] = (byte) (1 + i % 251);
        }
        return nalu;
    }

    private DepacketizedFrame push(long timestamp, boolean marker, String payloadHex) {
        return push(timestamp, marker, Hex.bytes(payloadHex));
    }

    private DepacketizedFrame push(long timestamp, boolean marker, byte[] payload) {
        return push(depacketizer, timestamp, marker, payload);
    }

    private DepacketizedFrame push(H264Depacketizer target, long timestamp, boolean marker, byte[] payload) {
        ByteBuf buf = Unpooled.buffer(RtpPacket.HEADER_BYTES + payload.length);
        try {
            buf.writeByte(0x80);                                  // V=2, no padding, extension or CSRC
            buf.writeByte((marker ? 0x80 : 0) | 96);              // M, PT 96
            buf.writeShort(seq & 0xffff);
            buf.writeInt((int) timestamp);
            buf.writeInt(0x12345678);                             // SSRC
            buf.writeBytes(payload);
            seq = (seq + 1) & 0xffff;
            return target.push(RtpPacket.parse(buf));
        } finally {
            buf.release();
        }
    }

    private DepacketizedFrame pushRaw(byte[] packet) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        try {
            return depacketizer.push(RtpPacket.parse(buf));
        } finally {
            buf.release();
        }
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }
}
