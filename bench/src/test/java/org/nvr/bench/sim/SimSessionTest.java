package org.nvr.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.time.FakeNvrClock;

/** One session driven by hand on a fake clock: its timeline, jitter, loss, skips and Sender Reports. */
class SimSessionTest {

    private static final long PICTURE_NANOS = 40_000_000L;
    private static final long START_NANOS = 1_000_000_000L;
    private static final Instant WALL_AT_START = Instant.parse("2026-12-05T12:00:00Z");
    private static final long TIMESTAMP_OFFSET = 0xfffff000L; // wraps after two pictures

    private final PacketizedClip clip = PacketizedClip.of(SimTestClips.oneSecond(), 1400);
    private final FakeNvrClock clock = new FakeNvrClock(WALL_AT_START);
    private final SimCounters counters = new SimCounters();
    private final RecordingOutput output = new RecordingOutput();

    SimSessionTest() {
        clock.setMonotonicNanos(START_NANOS);
    }

    @AfterEach
    void closeClip() {
        clip.close();
    }

    @Test
    void picturesFollowOneTimelineWithJitterWithinItsBoundAndNeverDrift() {
        int jitterMillis = 30;
        SimSession session = session("cam1", jitterMillis, 0, 5_000);
        session.play(clock.monotonicNanos());
        int pictures = 2 * 60 * SimTestClips.FPS; // two minutes
        long maxJitter = 0;
        for (int n = 0; n < pictures; n++) {
            long sendAt = session.sendAtNanos();
            long due = START_NANOS + n * PICTURE_NANOS;
            assertThat(sendAt - due).as("picture %d", n).isBetween(0L, jitterMillis * 1_000_000L);
            maxJitter = Math.max(maxJitter, sendAt - due);
            runUntil(session, sendAt);
        }
        // Uniform over 0..30 ms: in 3,000 draws the largest is within 1 ms of the bound but for (29/30)^3000 = 1e-44.
        assertThat(maxJitter).isGreaterThan((jitterMillis - 1) * 1_000_000L);
        assertThat(output.pictures).isEqualTo(pictures);
        assertThat(counters.framesSent.sum()).isEqualTo(pictures);
        assertThatStreamIsContinuous(pictures);
    }

    @Test
    void timestampsAdvance3600PerPictureAcrossTheClipsLoopAndTheir32BitWrap() {
        SimSession session = session("cam1", 0, 0, 5_000);
        SimSession.RtpInfo info = session.play(clock.monotonicNanos());
        assertThat(info.timestamp32()).isEqualTo(TIMESTAMP_OFFSET);
        int pictures = 3 * SimTestClips.PICTURES + 5;
        for (int n = 0; n < pictures; n++) {
            runUntil(session, session.sendAtNanos());
        }
        assertThatStreamIsContinuous(pictures);
        assertThat(output.packets.get(0).sequence()).isEqualTo(info.sequence());
        // The clip's packets repeat in order, loop after loop.
        for (int i = 0; i < output.packets.size(); i++) {
            assertThat(output.packets.get(i).clipPacket()).isEqualTo(i % clip.packetCount());
        }
    }

    @Test
    void lossDropsAboutThePercentAskedFromASequencePerStreamAndKeepsSequenceNumbersCounting() {
        double lossPercent = 10;
        List<BitSet> dropped = new ArrayList<>();
        for (String stream : new String[] {"cam1", "cam1", "cam2"}) {
            RecordingOutput out = new RecordingOutput();
            SimCounters count = new SimCounters();
            SimSession session = new SimSession("s", clip, out, new Impairments(stream, 0, lossPercent, 42), count,
                    clock, Duration.ofSeconds(5).toNanos(), 0, 1, 65000, TIMESTAMP_OFFSET);
            session.play(clock.monotonicNanos());
            for (int n = 0; n < 40 * SimTestClips.PICTURES; n++) {
                runUntil(session, session.sendAtNanos());
            }
            int total = 40 * clip.packetCount();
            BitSet gaps = new BitSet(total);
            gaps.set(0, total);
            long extended = 65000 - 1;
            for (RecordingOutput.Packet packet : out.packets) {
                // Sequence numbers start at 65000 and wrap at 65536: unwrapped, minus 65000, they index the packets.
                extended += (packet.sequence() - extended) & 0xffff;
                gaps.clear((int) (extended - 65000));
            }
            assertThat(count.packetsLost.sum()).isEqualTo(gaps.cardinality());
            assertThat(count.packetsSent.sum() + count.packetsLost.sum()).isEqualTo(total);
            // Binomial: n = 40 loops of the clip's packets (about 14,000), p = 0.1, sigma = sqrt(p(1-p)/n), about
            // 0.25 percentage points; 4.5 sigma is 1.1 points. The seed makes the draw repeat, so this cannot flake.
            double sigma = Math.sqrt(0.1 * 0.9 / total);
            assertThat((double) gaps.cardinality() / total).isBetween(0.1 - 4.5 * sigma, 0.1 + 4.5 * sigma);
            dropped.add(gaps);
        }
        assertThat(dropped.get(1)).as("the same stream and seed lose the same packets").isEqualTo(dropped.get(0));
        assertThat(dropped.get(2)).as("another stream loses others").isNotEqualTo(dropped.get(0));
    }

    @Test
    void aClientThatDoesNotReadMakesTheSessionSkipToTheNextKeyframe() {
        SimSession session = session("cam1", 0, 0, 5_000);
        session.play(clock.monotonicNanos());
        for (int n = 0; n < 5; n++) {
            runUntil(session, session.sendAtNanos());
        }
        int packetsBefore = output.packets.size();
        output.writable = false;
        for (int n = 5; n < 10; n++) {
            runUntil(session, session.sendAtNanos());
        }
        output.writable = true;
        // Pictures 10..24 are not keyframes: the client could not decode them without 5..9, so they wait too.
        for (int n = 10; n < SimTestClips.PICTURES + 3; n++) {
            runUntil(session, session.sendAtNanos());
        }
        assertThat(counters.framesSkipped.sum()).isEqualTo(SimTestClips.PICTURES - 5);
        assertThat(counters.framesSent.sum()).isEqualTo(5 + 3);
        RecordingOutput.Packet resumed = output.packets.get(packetsBefore);
        assertThat(resumed.clipPacket()).isEqualTo(clip.firstPacket(0));
        assertThat(resumed.timestamp32()).isEqualTo((TIMESTAMP_OFFSET + SimTestClips.PICTURES * 3600L) & 0xffffffffL);
        // Skipped pictures use no sequence numbers: the receiver sees no loss, only a gap in time.
        assertThat(resumed.sequence()).isEqualTo(output.packets.get(packetsBefore - 1).sequence() + 1);
    }

    @Test
    void aLoopMoreThanASecondLateSkipsAheadInsteadOfBursting() {
        SimSession session = session("cam1", 0, 0, 5_000);
        session.play(clock.monotonicNanos());
        runUntil(session, session.sendAtNanos());
        clock.advance(Duration.ofMillis(3_000)); // a 3 s stall (GC, an overloaded machine)
        long now = clock.monotonicNanos();
        while (session.sendAtNanos() <= now) {
            session.sendDue(now);
        }
        // Pictures 1..49 were more than a second late and picture 50 is the next keyframe due within the second:
        // 50..74 go out in the catch-up, at most a second's worth, never the whole backlog.
        assertThat(counters.framesLate.sum()).isEqualTo(2 * SimTestClips.PICTURES - 1);
        assertThat(counters.framesSent.sum()).isEqualTo(1 + SimTestClips.PICTURES + 1);
        assertThat(output.packets.get(clip.packetsOf(0)).timestamp32())
                .isEqualTo((TIMESTAMP_OFFSET + 2L * SimTestClips.PICTURES * 3600) & 0xffffffffL);
    }

    @Test
    void senderReportsPairEachPicturesTimestampWithItsDueTimeOnTheWallClock() {
        SimSession session = session("cam1", 0, 0, 5_000);
        session.play(clock.monotonicNanos());
        for (int n = 0; n < 8 * SimTestClips.FPS; n++) {
            // Each picture goes out 7 ms late; the report must still name the picture's own time.
            runUntil(session, session.sendAtNanos() + 7_000_000L);
        }
        assertThat(output.reports).hasSize(2);
        RecordingOutput.Report first = output.reports.get(0);
        assertThat(first.timestamp32()).isEqualTo(TIMESTAMP_OFFSET);
        assertThat(first.wallClock()).isEqualTo(WALL_AT_START);
        assertThat(first.packetCount()).isEqualTo(clip.packetsOf(0));
        RecordingOutput.Report second = output.reports.get(1);
        long picture = ((second.timestamp32() - TIMESTAMP_OFFSET) & 0xffffffffL) / 3600;
        assertThat(picture).isEqualTo(5 * SimTestClips.FPS); // the first picture 5 s after the first report
        assertThat(Duration.between(first.wallClock(), second.wallClock())).isEqualTo(Duration.ofMillis(picture * 40));
        long octets = 0;
        for (int i = 0; i <= picture; i++) {
            int p = clip.pictureOf(i);
            for (int k = clip.firstPacket(p); k < clip.firstPacket(p) + clip.packetsOf(p); k++) {
                octets += clip.payloadLength(k);
            }
        }
        assertThat(second.octetCount()).isEqualTo(octets);
        assertThat(second.packetCount()).isEqualTo(output.packets.stream()
                .filter(p -> ((p.timestamp32() - TIMESTAMP_OFFSET) & 0xffffffffL) <= picture * 3600).count());
    }

    @Test
    void playAfterPauseResumesAtTheNextKeyframeOnTheSameTimeline() {
        SimSession session = session("cam1", 0, 0, 5_000);
        session.play(clock.monotonicNanos());
        for (int n = 0; n < 10; n++) {
            runUntil(session, session.sendAtNanos());
        }
        int lastSequence = output.packets.get(output.packets.size() - 1).sequence();
        session.pause();
        assertThat(session.sendDue(clock.monotonicNanos())).isFalse();
        clock.advance(Duration.ofMillis(1_500));
        SimSession.RtpInfo info = session.play(clock.monotonicNanos());
        // 1.9 s after the start the next keyframe is picture 50, due at 2 s.
        assertThat(info.timestamp32()).isEqualTo((TIMESTAMP_OFFSET + 50 * 3600L) & 0xffffffffL);
        assertThat(info.sequence()).isEqualTo(lastSequence + 1);
        assertThat(session.sendAtNanos()).isEqualTo(START_NANOS + 50 * PICTURE_NANOS);
        assertThat(counters.playingSessions.get()).isEqualTo(1);
        session.stop();
        assertThat(counters.playingSessions.get()).isZero();
        assertThat(output.closed).isTrue();
    }

    @Test
    void aSilentUdpClientEndsItsSessionAfterTheTimeout() {
        SimSession session = new SimSession("s", clip, output, new Impairments("cam1", 0, 0, 1), counters, clock,
                Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(2).toNanos(), 1, 0, 0);
        boolean[] expired = new boolean[1];
        session.onTimeout(() -> expired[0] = true);
        session.play(clock.monotonicNanos());
        for (int n = 0; n < 40; n++) {
            if (n == 30) {
                session.touch(); // an RTCP receiver report at 1.16 s, as picture 29 goes out
            }
            runUntil(session, session.sendAtNanos());
        }
        assertThat(expired[0]).isFalse();
        clock.advance(Duration.ofMillis(1_700)); // now 3.26 s: 2.1 s after the last sign of life
        assertThat(session.sendDue(clock.monotonicNanos())).isFalse();
        assertThat(expired[0]).isTrue();
        assertThat(counters.sessionsTimedOut.sum()).isEqualTo(1);
        assertThat(output.closed).isTrue();
    }

    private SimSession session(String stream, int jitterMillis, double lossPercent, long rtcpMillis) {
        return new SimSession("s", clip, output, new Impairments(stream, jitterMillis, lossPercent, 7), counters,
                clock, Duration.ofMillis(rtcpMillis).toNanos(), 0, 0xabcdef01L, 65530, TIMESTAMP_OFFSET);
    }

    /** Moves the fake clocks to {@code atNanos} (never back) and lets the session send what is due. */
    private void runUntil(SimSession session, long atNanos) {
        long now = clock.monotonicNanos();
        if (atNanos > now) {
            clock.advance(Duration.ofNanos(atNanos - now));
        }
        while (session.sendAtNanos() <= clock.monotonicNanos()) {
            if (!session.sendDue(clock.monotonicNanos())) {
                break;
            }
        }
    }

    /** Sequence numbers without a gap, markers closing each picture, and 3600 ticks from picture to picture. */
    private void assertThatStreamIsContinuous(int pictures) {
        List<RecordingOutput.Packet> packets = output.packets;
        int markers = 0;
        long expectedTimestamp = TIMESTAMP_OFFSET;
        for (int i = 0; i < packets.size(); i++) {
            RecordingOutput.Packet packet = packets.get(i);
            if (i > 0) {
                assertThat(packet.sequence()).isEqualTo((packets.get(i - 1).sequence() + 1) & 0xffff);
            }
            assertThat(packet.timestamp32()).as("packet %d", i).isEqualTo(expectedTimestamp);
            if (packet.marker()) {
                markers++;
                expectedTimestamp = (expectedTimestamp + 3600) & 0xffffffffL;
            }
        }
        assertThat(markers).isEqualTo(pictures);
    }
}
