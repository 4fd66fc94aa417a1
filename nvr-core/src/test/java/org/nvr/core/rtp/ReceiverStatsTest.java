package org.nvr.core.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nvr.core.time.FakeNvrClock;

class ReceiverStatsTest {
    private static final long SOURCE_SSRC = 0x1234ABCDL;
    private static final long OUR_SSRC = 0xCAFEBABEL;
    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private final FakeNvrClock clock = new FakeNvrClock(Instant.parse("2024-01-01T00:00:00Z"));

    private String reportHex(ReceiverStats stats, String cname) {
        ByteBuf rr = stats.buildReceiverReport(ALLOC, OUR_SSRC, cname);
        try {
            return ByteBufUtil.hexDump(rr);
        } finally {
            rr.release();
        }
    }

    /**
     * Worked example: 12 packets of a 25 fps, 90 kHz stream whose sequence numbers wrap (65530..5); 65534 and
     * 2 are lost; 65535 arrives 10 ms late. Then a Sender Report arrives and the RR is sent 0.75 s later.
     *
     * <pre>
     * i  seq    arrival(ms) arrival(ticks) ts          transit  |D|  J = J + (|D| - J)/16
     * 0  65530    0             0          1000        -1000     -   0
     * 1  65531   40          3600          4600        -1000     0   0
     * 2  65532   80          7200          8200        -1000     0   0
     * 3  65533  120         10800         11800        -1000     0   0
     * 4  65534  lost
     * 5  65535  210         18900         19000         -100   900   56.25
     * 6  0      240         21600         22600        -1000   900  108.984375
     * 7  1      280         25200         26200        -1000     0  102.17285...
     * 8  2      lost
     * 9  3      360         32400         33400        -1000     0   95.78704...
     * 10 4      400         36000         37000        -1000     0   89.80035...
     * 11 5      440         39600         40600        -1000     0   84.18783...
     * </pre>
     * expected = (65536 + 5) - 65530 + 1 = 12, received 10, lost 2, fraction (2 << 8) / 12 = 42 = 0x2a.
     */
    @Test
    void receiverReportFieldByField() {
        clock.setMonotonicNanos(987_654_321_000L);  // any origin: only differences count
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        long start = clock.monotonicNanos();
        for (int i = 0; i < 12; i++) {
            if (i == 4 || i == 8) {
                continue;
            }
            long lateMillis = i == 5 ? 10 : 0;
            clock.setMonotonicNanos(start + Duration.ofMillis(40L * i + lateMillis).toNanos());
            assertThat(stats.onPacket(RtpSequence.add(65530, i), 1000 + 3600L * i)).isTrue();
        }
        assertThat(stats.packetsReceived()).isEqualTo(10);
        assertThat(stats.expectedPackets()).isEqualTo(12);
        assertThat(stats.cumulativeLost()).isEqualTo(2);
        assertThat(stats.extendedHighestSeq()).isEqualTo(0x1_0005L);
        assertThat(stats.jitter()).isBetween(84.1878, 84.1879);

        // SR: NTP 2024-01-01T00:00:00.5Z, LSR = middle 32 bits of 0xE93C7F00_80000000 = 0x7F008000.
        stats.onSenderReport(new SenderReport(SOURCE_SSRC, 0xE93C7F00_80000000L, 40_600, 12, 14_000));
        clock.advance(Duration.ofMillis(750));

        assertThat(reportHex(stats, "nvr@host")).isEqualTo(""
                + "81c90007"   // V=2 P=0 RC=1, PT=201 (RR), length=7 (32 bytes)
                + "cafebabe"   // SSRC of packet sender (ours)
                + "1234abcd"   // SSRC_1: the camera
                + "2a000002"   // fraction lost 42/256, cumulative number of packets lost 2
                + "00010005"   // extended highest sequence number: 1 cycle, seq 5
                + "00000054"   // interarrival jitter 84
                + "7f008000"   // LSR
                + "0000c000"   // DLSR 0.75 s = 49152/65536
                + "81ca0004"   // V=2 P=0 SC=1, PT=202 (SDES), length=4 (20 bytes)
                + "cafebabe"   // SSRC of the chunk (ours)
                + "0108"       // item CNAME, length 8
                + "6e767240686f7374"  // "nvr@host"
                + "0000");     // end of items, padding to 32 bits

        // Next interval: 10 more packets, none lost. Fraction lost is per interval (RFC 3550 A.3).
        for (int i = 12; i < 22; i++) {
            clock.setMonotonicNanos(start + Duration.ofMillis(40L * i).toNanos());
            stats.onPacket(RtpSequence.add(65530, i), 1000 + 3600L * i);
        }
        String second = reportHex(stats, "nvr@host");
        assertThat(second.substring(24, 40)).isEqualTo(""
                + "00000002"   // fraction lost 0, cumulative still 2
                + "0001000f"); // extended highest sequence number: seq 15
    }

    @Test
    void receiverReportBeforeAnyPacketHasNoReportBlock() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        assertThat(reportHex(stats, "cam")).isEqualTo(""
                + "80c90001"   // V=2 P=0 RC=0, PT=201, length=1 (8 bytes)
                + "cafebabe"   // SSRC of packet sender
                + "81ca0003"   // SDES, SC=1, length=3 (16 bytes)
                + "cafebabe"   // SSRC
                + "0103"       // CNAME, length 3
                + "63616d"     // "cam"
                + "000000");   // null octets: end of items, up to the 32-bit boundary
    }

    @Test
    void cnameOfAWholeNumberOfWordsGetsFourNullOctets() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        // RFC 3550 §6.5: the item list ends with at least one null octet, so 2 + 2 item bytes need 4 nulls.
        assertThat(reportHex(stats, "ab")).endsWith("81ca0003" + "cafebabe" + "0102" + "6162" + "00000000");
    }

    @Test
    void withoutSenderReportLsrAndDlsrAreZero() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        stats.onPacket(1, 0);
        // A report from another source does not count.
        stats.onSenderReport(new SenderReport(0x99L, 0xE93C7F00_80000000L, 0, 0, 0));
        clock.advance(Duration.ofSeconds(2));
        String hex = reportHex(stats, "nvr");
        assertThat(hex.substring(48, 64)).isEqualTo("00000000" + "00000000");  // LSR, DLSR
    }

    @Test
    void dlsrSaturatesAfterEighteenHours() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        stats.onPacket(1, 0);
        stats.onSenderReport(new SenderReport(SOURCE_SSRC, 0xE93C7F00_80000000L, 0, 0, 0));
        clock.advance(Duration.ofHours(19));  // 68400 s > 65536 s
        assertThat(reportHex(stats, "nvr").substring(56, 64)).isEqualTo("ffffffff");
    }

    @Test
    void jitterWorkedExampleAt8kHzAcrossTheTimestampWrap() {
        // 20 ms audio packets at 8 kHz: 160 ticks each. The third arrives 10 ms (80 ticks) late.
        // transit: t0, t0, t0+80, t0, t0 -> |D| = 0, 80, 80, 0 -> J = 0, 5, 9.6875, 9.08203125.
        ReceiverStats stats = new ReceiverStats(clock, 8000, SOURCE_SSRC);
        long ts0 = 0xFFFF_FF00L;  // wraps after the second packet
        long[] lateMillis = {0, 0, 10, 0, 0};
        double[] expectedJitter = {0, 0, 5, 9.6875, 9.08203125};
        long start = clock.monotonicNanos();
        for (int i = 0; i < 5; i++) {
            clock.setMonotonicNanos(start + Duration.ofMillis(20L * i + lateMillis[i]).toNanos());
            stats.onPacket(100 + i, (ts0 + 160L * i) & 0xFFFF_FFFFL);
            assertThat(stats.jitter()).as("J after packet %d", i).isEqualTo(expectedJitter[i]);
        }
    }

    @Test
    void sequenceWrapCountsACycle() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        stats.onPacket(65535, 0);
        stats.onPacket(0, 3600);
        stats.onPacket(1, 7200);
        assertThat(stats.extendedHighestSeq()).isEqualTo(65537);
        assertThat(stats.expectedPackets()).isEqualTo(3);
        assertThat(stats.cumulativeLost()).isZero();
    }

    @Test
    void duplicatesAndReorderingAreCountedAsReceived() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        stats.onPacket(10, 0);
        stats.onPacket(12, 7200);
        stats.onPacket(11, 3600);
        stats.onPacket(12, 7200);
        assertThat(stats.packetsReceived()).isEqualTo(4);
        assertThat(stats.expectedPackets()).isEqualTo(3);
        assertThat(stats.cumulativeLost()).isEqualTo(-1);
        assertThat(stats.extendedHighestSeq()).isEqualTo(12);
    }

    @Test
    void bigJumpIsBelievedOnlyWhenTheNextPacketFollowsIt() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        Duration frame = Duration.ofMillis(40);  // 3600 ticks at 90 kHz, so transit stays constant
        stats.onPacket(1000, 0);
        clock.advance(frame);
        stats.onPacket(1001, 3600);
        assertThat(stats.onPacket(20_000, 5_000_000)).as("stray far packet").isFalse();
        clock.advance(frame);
        assertThat(stats.onPacket(1002, 7200)).isTrue();
        assertThat(stats.packetsReceived()).isEqualTo(3);
        assertThat(stats.expectedPackets()).isEqualTo(3);
        assertThat(stats.jitter()).as("the stray packet did not count for jitter").isZero();

        // Camera restart: a new sequence and timestamp base, two packets in a row. RFC 3550 A.1 resyncs on
        // the second.
        clock.advance(frame);
        assertThat(stats.onPacket(40_000, 123)).isFalse();
        clock.advance(frame);
        assertThat(stats.onPacket(40_001, 3723)).isTrue();
        assertThat(stats.packetsReceived()).isEqualTo(1);
        assertThat(stats.expectedPackets()).isEqualTo(1);
        assertThat(stats.extendedHighestSeq()).isEqualTo(40_001);
        assertThat(stats.cumulativeLost()).isZero();
        assertThat(stats.jitter()).as("no jitter from the timestamp jump").isZero();
        clock.advance(frame);
        stats.onPacket(40_002, 7323);
        assertThat(stats.jitter()).isZero();
    }

    @Test
    void cumulativeLostIsClampedTo24BitsInTheReport() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        // 2800 packets 2999 apart (just under MAX_DROPOUT): 2998 lost before each but the first.
        int seq = 0;
        for (int i = 0; i < 2800; i++) {
            stats.onPacket(seq, 0);
            seq = RtpSequence.add(seq, 2999);
        }
        assertThat(stats.cumulativeLost()).isEqualTo(2998L * 2799);  // 8391402 > 0x7fffff
        assertThat(reportHex(stats, "nvr").substring(24, 32))
                .isEqualTo("ff7fffff");  // fraction 255/256, cumulative lost clamped to 0x7fffff
    }

    @Test
    void negativeCumulativeLostIsClampedTo24BitsInTheReport() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        for (int i = 0; i < 0x80_0002; i++) {
            stats.onPacket(7, 0);  // one packet, then 0x800001 duplicates of it
        }
        assertThat(stats.cumulativeLost()).isEqualTo(-0x80_0001L);
        assertThat(reportHex(stats, "nvr").substring(24, 32))
                .isEqualTo("00800000");  // fraction 0 (more received than expected), lost -0x800000
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new ReceiverStats(clock, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiverStats(clock, 90_000, 1L << 32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sourceSsrc");
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        assertThatThrownBy(() -> stats.onPacket(65536, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.onPacket(1, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.buildReceiverReport(ALLOC, 1, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CNAME");
        assertThatThrownBy(() -> stats.buildReceiverReport(ALLOC, 1, "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 256");
        assertThatThrownBy(() -> stats.buildReceiverReport(ALLOC, -1, "nvr"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ourSsrc");
    }

    @Test
    void ourReportParsesAsAValidCompoundWithoutSenderReport() {
        ReceiverStats stats = new ReceiverStats(clock, 90_000, SOURCE_SSRC);
        stats.onPacket(1, 0);
        ByteBuf rr = stats.buildReceiverReport(ALLOC, OUR_SSRC, "nvr@192.0.2.1");
        try {
            assertThat(RtcpParser.findSenderReport(rr)).isEmpty();
            assertThat(rr.readableBytes() % 4).isZero();
        } finally {
            rr.release();
        }
    }
}
