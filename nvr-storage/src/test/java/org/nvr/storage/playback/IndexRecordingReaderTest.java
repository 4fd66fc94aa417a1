package org.nvr.storage.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.playback.PlaybackCursor;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.testing.Peers;

/**
 * Playback of real recordings ({@link RecordedStream}: three 4 s segments at 25 fps, an IDR every second, 1 s
 * fragments, a 3 s gap with a NETWORK gap row before the third) through the real index.
 */
class IndexRecordingReaderTest {
    @TempDir
    static Path dir;
    private static RecordedStream recorded;
    private static IndexRecordingReader reader;

    @BeforeAll
    static void record() throws IOException {
        Peers.requireFfmpeg();
        recorded = RecordedStream.record(dir, 25, 100);
        reader = new IndexRecordingReader(recorded.index(), recorded.root());
    }

    @AfterAll
    static void close() {
        if (recorded != null) {
            recorded.close();
        }
    }

    @Test
    void opensInsideSegmentTwoAtTheKeyframeBeforeAndCrossesTheGapWithEveryByteAsWritten() throws IOException {
        // Frame 137 (segment 2, 1.48 s in): the keyframe before it is frame 125, 12 frames (one GOP at most) earlier.
        Instant from = RecordedStream.T0.plus(RecordedStream.FRAME.multipliedBy(137)).plusMillis(10);
        List<StreamItem> items = readAll(reader.open(RecordedStream.STREAM, from).orElseThrow());

        assertThat(items.get(0)).isEqualTo(recorded.parameters());
        List<AccessUnit> units = units(items);
        AccessUnit first = units.get(0);
        assertThat(first.keyframe()).isTrue();
        assertThat(first.wallClock()).isBeforeOrEqualTo(from).isAfter(from.minusSeconds(1));
        assertThat(first.wallClock()).isEqualTo(RecordedStream.T0.plus(RecordedStream.FRAME.multipliedBy(125)));

        List<AccessUnit> expected = new ArrayList<>(recorded.units(1).subList(25, 100));
        expected.addAll(recorded.units(2));
        assertSameUnits(units, expected);

        // Exactly one gap, between the last unit of segment 2 and the first of segment 3, with the row's cause.
        List<Gap> gaps = items.stream().filter(Gap.class::isInstance).map(Gap.class::cast).toList();
        assertThat(gaps).hasSize(1);
        Gap gap = gaps.get(0);
        assertThat(gap.start()).isEqualTo(recorded.summary(1).endUtc()).isEqualTo(recorded.gap().start());
        assertThat(gap.end()).isEqualTo(recorded.summary(2).start().startUtc()).isEqualTo(recorded.gap().end());
        assertThat(gap.cause()).isEqualTo(GapCause.NETWORK);
        assertThat(gap.detail()).isEqualTo(RecordedStream.GAP_DETAIL);
        int gapAt = items.indexOf(gap);
        assertThat(((AccessUnit) items.get(gapAt - 1)).wallClock()).isEqualTo(recorded.units(1).get(99).wallClock());
        assertThat(((AccessUnit) items.get(gapAt + 1)).wallClock()).isEqualTo(recorded.units(2).get(0).wallClock());
        // Same parameter sets in every segment: announced once.
        assertThat(items.stream().filter(VideoParameters.class::isInstance)).hasSize(1);
    }

    @Test
    void ptsIsTheWallTimeIn90kHzTicksAndContinuousAcrossSegments() throws IOException {
        List<AccessUnit> units = units(readAll(reader.open(RecordedStream.STREAM, RecordedStream.T0).orElseThrow()));

        long t0Ticks = RecordedStream.T0.getEpochSecond() * 90_000;
        for (int n = 0; n < 200; n++) {
            assertThat(units.get(n).pts90k()).isEqualTo(t0Ticks + n * RecordedStream.FRAME_90K);
        }
        // Across the gap, the pts jumps by exactly the gap.
        assertThat(units.get(200).pts90k() - units.get(199).pts90k())
                .isEqualTo(RecordedStream.FRAME_90K + RecordedStream.GAP.toMillis() * 90);
        assertThat(units.get(200).clockSource()).isEqualTo(recorded.summary(2).start().clockSource());
    }

    @Test
    void openBeforeTheFirstRecordingStartsAtItsFirstKeyframe() throws IOException {
        List<AccessUnit> units = units(readAll(reader.open(RecordedStream.STREAM,
                RecordedStream.T0.minus(Duration.ofHours(5))).orElseThrow()));

        assertThat(units).hasSize(300);
        assertSameUnits(units, recorded.allUnits());
    }

    @Test
    void openInTheGapStartsAtTheNextSegmentWithoutAGapItem() throws IOException {
        Instant inGap = recorded.summary(1).endUtc().plusSeconds(1);
        List<StreamItem> items = readAll(reader.open(RecordedStream.STREAM, inGap).orElseThrow());

        assertThat(items.get(0)).isEqualTo(recorded.parameters());
        assertThat(items.stream().filter(Gap.class::isInstance)).isEmpty();
        assertSameUnits(units(items), recorded.units(2));
    }

    @Test
    void openAfterTheEndIsEmpty() throws IOException {
        assertThat(reader.open(RecordedStream.STREAM, recorded.summary(2).endUtc())).isEmpty();
        assertThat(reader.open(RecordedStream.STREAM, recorded.summary(2).endUtc().plus(Duration.ofDays(3))))
                .isEmpty();
    }

    @Test
    void gopLongerThanAFragmentWalksBackToTheKeyframeInAnEarlierFragment(@TempDir Path other) throws IOException {
        // An IDR every 2 s with 1 s fragments: frame 85 (segment 1, 3.4 s) is in a fragment starting with frame 75,
        // a P frame; the keyframe before it is frame 50, in the fragment before.
        try (RecordedStream longGop = RecordedStream.record(other, 50, 100)) {
            IndexRecordingReader longReader = new IndexRecordingReader(longGop.index(), longGop.root());
            Instant from = RecordedStream.T0.plus(RecordedStream.FRAME.multipliedBy(85));

            List<AccessUnit> units = units(readAll(longReader.open(RecordedStream.STREAM, from).orElseThrow()));

            assertThat(units.get(0).keyframe()).isTrue();
            assertThat(units.get(0).wallClock()).isEqualTo(RecordedStream.T0.plus(RecordedStream.FRAME
                    .multipliedBy(50)));
            assertSameUnits(units, longGop.allUnits().subList(50, 300));
        }
    }

    @Test
    void keyframeInsideAFragmentIsFoundWhenNoFragmentStartsWithIt(@TempDir Path other) throws IOException {
        // An IDR every 30 frames, fragments of 25: frame 30 is the 6th sample of fragment 2 (frames 25..49), which
        // does not start with a keyframe; opening at frame 40 must start at frame 30, not at frame 0.
        try (RecordedStream oddGop = RecordedStream.record(other, 30, 90)) {
            IndexRecordingReader oddReader = new IndexRecordingReader(oddGop.index(), oddGop.root());
            Instant from = RecordedStream.T0.plus(RecordedStream.FRAME.multipliedBy(40));

            List<AccessUnit> units = units(readAll(oddReader.open(RecordedStream.STREAM, from).orElseThrow()));

            assertThat(units.get(0).keyframe()).isTrue();
            assertSameUnits(units, oddGop.allUnits().subList(30, 270));
        }
    }

    @Test
    void missingSegmentFileBecomesADiskGapAndPlaybackContinues(@TempDir Path other) throws IOException {
        try (RecordedStream copy = RecordedStream.record(other, 25, 100)) {
            Files.delete(copy.file(1));
            IndexRecordingReader copyReader = new IndexRecordingReader(copy.index(), copy.root());

            List<StreamItem> items = readAll(copyReader.open(RecordedStream.STREAM, RecordedStream.T0).orElseThrow());

            List<Gap> gaps = items.stream().filter(Gap.class::isInstance).map(Gap.class::cast).toList();
            assertThat(gaps).hasSize(2);
            assertThat(gaps.get(0).cause()).isEqualTo(GapCause.DISK);
            assertThat(gaps.get(0).detail()).contains(copy.summary(1).path().toString()).contains("missing");
            assertThat(gaps.get(0).start()).isEqualTo(copy.summary(1).start().startUtc());
            assertThat(gaps.get(0).end()).isEqualTo(copy.summary(1).endUtc());
            assertThat(gaps.get(1).cause()).isEqualTo(GapCause.NETWORK);
            List<AccessUnit> expected = new ArrayList<>(copy.units(0));
            expected.addAll(copy.units(2));
            assertSameUnits(units(items), expected);
        }
    }

    @Test
    void corruptMoofFailsWithTheFileAndOffsetInsteadOfHanging(@TempDir Path other) throws IOException {
        try (RecordedStream copy = RecordedStream.record(other, 25, 100)) {
            // The second fragment of segment 1: its trun sample count (after moof, mfhd, traf, tfhd, tfdt and the
            // trun's own header, version and flags) set to 0xffffffff.
            FragmentEntry second = copy.summary(0).fragments().get(1);
            long trunCount = second.byteOffset() + 8 + 16 + 8 + 16 + 20 + 12;
            try (FileChannel channel = FileChannel.open(copy.file(0), StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[] {-1, -1, -1, -1}), trunCount);
            }
            PlaybackCursor cursor = new IndexRecordingReader(copy.index(), copy.root())
                    .open(RecordedStream.STREAM, RecordedStream.T0).orElseThrow();
            try (cursor) {
                assertThat(cursor.next()).isInstanceOf(VideoParameters.class);
                for (int i = 0; i < 25; i++) {
                    assertThat(cursor.next()).isInstanceOf(AccessUnit.class);
                }
                assertThatThrownBy(cursor::next).isInstanceOf(MalformedInputException.class)
                        .hasMessageContaining(copy.file(0).toString())
                        .hasMessageContaining("byte " + second.byteOffset())
                        .hasMessageContaining("sample count 4294967295");
            }
        }
    }

    @Test
    void truncatedFileFailsAtTheCutFragment(@TempDir Path other) throws IOException {
        try (RecordedStream copy = RecordedStream.record(other, 25, 100)) {
            FragmentEntry third = copy.summary(0).fragments().get(2);
            try (FileChannel channel = FileChannel.open(copy.file(0), StandardOpenOption.WRITE)) {
                channel.truncate(third.byteOffset() + 30);  // inside the third fragment's moof
            }
            PlaybackCursor cursor = new IndexRecordingReader(copy.index(), copy.root())
                    .open(RecordedStream.STREAM, RecordedStream.T0).orElseThrow();
            try (cursor) {
                for (int i = 0; i < 51; i++) {
                    cursor.next();
                }
                assertThatThrownBy(cursor::next).isInstanceOf(MalformedInputException.class)
                        .hasMessageContaining(copy.file(0).toString())
                        .hasMessageContaining("truncated");
            }
        }
    }

    private static void assertSameUnits(List<AccessUnit> actual, List<AccessUnit> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            AccessUnit a = actual.get(i);
            AccessUnit e = expected.get(i);
            assertThat(a.wallClock()).as("wall clock of unit %d", i).isEqualTo(e.wallClock());
            assertThat(a.keyframe()).as("keyframe flag of unit %d", i).isEqualTo(e.keyframe());
            assertThat(a.nalus()).as("NAL units of unit %d", i).hasSameSizeAs(e.nalus());
            for (int k = 0; k < e.nalus().size(); k++) {
                assertThat(a.nalus().get(k)).as("NAL unit %d of unit %d", k, i).isEqualTo(e.nalus().get(k));
            }
        }
    }

    static List<StreamItem> readAll(PlaybackCursor cursor) throws IOException {
        List<StreamItem> items = new ArrayList<>();
        try (cursor) {
            for (StreamItem item = cursor.next(); item != null; item = cursor.next()) {
                items.add(item);
            }
        }
        return items;
    }

    static List<AccessUnit> units(List<StreamItem> items) {
        return items.stream().filter(AccessUnit.class::isInstance).map(AccessUnit.class::cast).toList();
    }
}
