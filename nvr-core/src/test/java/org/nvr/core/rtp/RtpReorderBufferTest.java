package org.nvr.core.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtpReorderBufferTest {
    /** Every buffer a test made; all must be released when it ends. */
    private final List<ByteBuf> made = new ArrayList<>();
    /** Sequence numbers in the order the sink saw them. */
    private final List<Integer> delivered = new ArrayList<>();
    /** The sink reads the payload, which fails if the buffer was already released. */
    private final Consumer<RtpPacket> sink = packet -> {
        assertThat(packet.payload().getUnsignedShort(packet.payload().readerIndex()))
                .as("payload of packet %d", packet.sequenceNumber())
                .isEqualTo(packet.sequenceNumber());
        delivered.add(packet.sequenceNumber());
    };

    @AfterEach
    void everyBufferReleased() {
        for (ByteBuf buf : made) {
            assertThat(buf.refCnt()).as("refCnt of a test packet").isZero();
        }
    }

    /** Receives one packet as a UDP handler would: parse, push, release its own reference. */
    private void receive(RtpReorderBuffer buffer, int seq) {
        ByteBuf buf = RtpTestPackets.bytes(seq, 90_000L * seq);
        made.add(buf);
        try {
            buffer.push(RtpPacket.parse(buf), sink);
        } finally {
            buf.release();
        }
    }

    @Test
    void inOrderPacketsAreDeliveredAtOnceWithoutRetaining() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        ByteBuf buf = RtpTestPackets.bytes(500, 0);
        made.add(buf);
        List<Integer> refCounts = new ArrayList<>();
        buffer.push(RtpPacket.parse(buf), p -> refCounts.add(p.payload().refCnt()));
        buf.release();
        assertThat(refCounts).containsExactly(1);
        receive(buffer, 501);
        receive(buffer, 502);
        assertThat(delivered).containsExactly(501, 502);
        assertThat(buffer.heldPackets()).isZero();
    }

    @Test
    void reorderedPacketsComeOutInOrder() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        receive(buffer, 10);
        receive(buffer, 12);
        assertThat(delivered).containsExactly(10);
        assertThat(buffer.heldPackets()).isEqualTo(1);
        receive(buffer, 13);
        receive(buffer, 11);
        assertThat(delivered).containsExactly(10, 11, 12, 13);
        assertThat(buffer.heldPackets()).isZero();
        assertThat(buffer.skippedPackets()).isZero();
        assertThat(buffer.late()).isZero();
        assertThat(buffer.duplicates()).isZero();
    }

    @Test
    void reorderingAcrossTheSequenceWrap() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        receive(buffer, 65534);
        receive(buffer, 0);
        receive(buffer, 65535);
        receive(buffer, 2);
        receive(buffer, 1);
        assertThat(delivered).containsExactly(65534, 65535, 0, 1, 2);
    }

    @Test
    void duplicatesOfHeldAndOfDeliveredPacketsAreDropped() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        receive(buffer, 10);
        receive(buffer, 12);
        receive(buffer, 12);  // same as a held packet
        receive(buffer, 10);  // same as the packet just delivered
        receive(buffer, 11);
        receive(buffer, 11);  // same as a packet delivered from the window
        assertThat(delivered).containsExactly(10, 11, 12);
        assertThat(buffer.duplicates()).isEqualTo(3);
        assertThat(buffer.late()).isZero();
    }

    @Test
    void fullWindowDeliversTheOldestHeldPacketSkippingTheHole() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        receive(buffer, 0);
        receive(buffer, 2);  // 1 is missing: 2 held
        receive(buffer, 4);  // held, window now spans 1..4
        assertThat(delivered).containsExactly(0);
        receive(buffer, 5);  // does not fit: skip 1, deliver 2; 3 is awaited again
        assertThat(delivered).containsExactly(0, 2);
        assertThat(buffer.skippedPackets()).isEqualTo(1);
        assertThat(buffer.heldPackets()).isEqualTo(2);
        receive(buffer, 3);
        assertThat(delivered).containsExactly(0, 2, 3, 4, 5);
        receive(buffer, 1);  // given up on: too late
        assertThat(buffer.late()).isEqualTo(1);
        assertThat(buffer.duplicates()).isZero();
        assertThat(delivered).containsExactly(0, 2, 3, 4, 5);
    }

    @Test
    void lossOfAWholeWindowSkipsStraightToTheNewPacket() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        receive(buffer, 10);
        receive(buffer, 15);  // 11..14 lost, nothing held: 15 is the oldest packet there is
        assertThat(delivered).containsExactly(10, 15);
        assertThat(buffer.skippedPackets()).isEqualTo(4);
        assertThat(buffer.restarts()).isZero();
        receive(buffer, 12);
        assertThat(buffer.late()).isEqualTo(1);
    }

    @Test
    void bigJumpForwardFlushesAndRestarts() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        receive(buffer, 100);
        receive(buffer, 102);
        receive(buffer, 20_000);  // camera restart with a new random sequence number
        assertThat(delivered).containsExactly(100, 102, 20_000);
        assertThat(buffer.restarts()).isEqualTo(1);
        assertThat(buffer.skippedPackets()).as("only the hole among held packets").isEqualTo(1);
        receive(buffer, 20_002);
        receive(buffer, 20_001);
        assertThat(delivered).containsExactly(100, 102, 20_000, 20_001, 20_002);
    }

    @Test
    void bigJumpBackwardRestartsOnTheSecondConsecutivePacket() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        receive(buffer, 30_000);
        receive(buffer, 30_001);
        receive(buffer, 30_003);  // held
        receive(buffer, 100);     // far behind: could be a stray, dropped as late
        assertThat(delivered).containsExactly(30_000, 30_001);
        assertThat(buffer.late()).isEqualTo(1);
        receive(buffer, 101);     // RFC 3550 A.1 bad_seq confirmed: restart here
        assertThat(delivered).containsExactly(30_000, 30_001, 30_003, 101);
        assertThat(buffer.restarts()).isEqualTo(1);
        receive(buffer, 102);
        assertThat(delivered).containsExactly(30_000, 30_001, 30_003, 101, 102);
    }

    @Test
    void aStrayOldPacketBetweenNormalOnesDoesNotRestart() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        receive(buffer, 30_000);
        receive(buffer, 100);
        receive(buffer, 30_001);
        receive(buffer, 101);
        receive(buffer, 30_002);
        assertThat(delivered).containsExactly(30_000, 30_001, 30_002);
        assertThat(buffer.late()).isEqualTo(2);
        assertThat(buffer.restarts()).isZero();
    }

    @Test
    void flushDeliversHeldPacketsInOrderAndTheSequenceGoesOn() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(16);
        receive(buffer, 1);
        receive(buffer, 5);
        receive(buffer, 3);
        buffer.flush(sink);
        assertThat(delivered).containsExactly(1, 3, 5);
        assertThat(buffer.skippedPackets()).as("2 and 4").isEqualTo(2);
        assertThat(buffer.heldPackets()).isZero();
        receive(buffer, 6);
        receive(buffer, 4);
        assertThat(delivered).containsExactly(1, 3, 5, 6);
        assertThat(buffer.late()).isEqualTo(1);
    }

    @Test
    void closeReleasesHeldPacketsAndTheNextPacketStartsAfresh() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(16);
        receive(buffer, 1);
        receive(buffer, 3);
        receive(buffer, 4);
        assertThat(made.get(1).refCnt()).as("held packet retained").isEqualTo(1);
        buffer.close();
        assertThat(made.get(1).refCnt()).isZero();
        assertThat(made.get(2).refCnt()).isZero();
        assertThat(buffer.heldPackets()).isZero();
        buffer.close();
        receive(buffer, 9000);
        assertThat(delivered).containsExactly(1, 9000);
        assertThat(buffer.restarts()).isZero();
    }

    @Test
    void heldPacketIsReleasedEvenWhenTheSinkThrows() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        receive(buffer, 1);
        receive(buffer, 3);
        ByteBuf two = RtpTestPackets.bytes(2, 0);
        made.add(two);
        Consumer<RtpPacket> failing = p -> {
            if (p.sequenceNumber() == 3) {
                throw new IllegalStateException("sink failed on 3");
            }
        };
        try {
            assertThatThrownBy(() -> buffer.push(RtpPacket.parse(two), failing))
                    .isInstanceOf(IllegalStateException.class).hasMessage("sink failed on 3");
        } finally {
            two.release();
        }
        assertThat(made.get(1).refCnt()).isZero();
        assertThat(buffer.heldPackets()).isZero();
        receive(buffer, 4);
        assertThat(delivered).containsExactly(1, 4);
    }

    @Test
    void shuffledWithinTheWindowComesOutInOrderAcrossTheWrap() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(32);
        Random random = new Random(20240601);
        List<Integer> expected = new ArrayList<>();
        int first = 65_000;
        int count = 4000;
        receive(buffer, first);
        expected.add(first);
        // Shuffle blocks of 16: every packet is at most 15 places from its own, well inside the window.
        for (int block = 0; block < count / 16; block++) {
            List<Integer> seqs = new ArrayList<>();
            for (int i = 1; i <= 16; i++) {
                int seq = RtpSequence.add(first, block * 16 + i);
                seqs.add(seq);
                expected.add(seq);
            }
            Collections.shuffle(seqs, random);
            for (int seq : seqs) {
                receive(buffer, seq);
            }
        }
        assertThat(delivered).isEqualTo(expected);
        assertThat(buffer.skippedPackets()).isZero();
        assertThat(buffer.late()).isZero();
        assertThat(buffer.duplicates()).isZero();
        assertThat(buffer.heldPackets()).isZero();
    }

    @Test
    void rejectsBadCapacity() {
        assertThatThrownBy(() -> new RtpReorderBuffer(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacityPackets");
        assertThatThrownBy(() -> new RtpReorderBuffer(RtpReorderBuffer.MAX_CAPACITY_PACKETS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
