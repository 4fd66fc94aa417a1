package org.nvr.storage.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.StreamItem;
import org.nvr.core.playback.PlaybackCursor;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.testing.ReliabilityReport;
import org.nvr.storage.playback.IndexRecordingReader;

/**
 * Wall-clock steps under the live recording path (docs/ingest.md, "Time"): the NVR's clock stepped (its Sender
 * Reports' camera time then disagrees by more than 5 s, so the mapping falls back to the stepped receive clock) and
 * the camera's clock stepped by less than the 5 s trust limit (its Sender Reports carry the step). Each step above
 * the 1 s step threshold must end the segment and become one CLOCK gap; no duration may be negative; every file
 * scans clean with its row.
 */
class ClockStepIT {
    /** Which clock steps, and by how much. */
    enum Step {
        NVR_FORWARD(false, Duration.ofSeconds(30)),
        NVR_BACK(false, Duration.ofSeconds(-30)),
        CAMERA_FORWARD(true, Duration.ofSeconds(3)),
        CAMERA_BACK(true, Duration.ofSeconds(-3));

        final boolean camera;
        final Duration by;

        Step(boolean camera, Duration by) {
            this.camera = camera;
            this.by = by;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Step.class)
    void aClockStepEndsTheSegmentAndBecomesOneClockGap(Step step) throws Exception {
        SteppableClock cameraClock = new SteppableClock();
        SteppableClock nvrClock = new SteppableClock();
        try (LivePipeline nvr = new LivePipeline(dir, false, cameraClock, nvrClock)) {
            nvr.start(1);
            nvr.awaitFrames(75, Duration.ofSeconds(20));
            (step.camera ? cameraClock : nvrClock).step(step.by);
            // Sender Reports every 500 ms: the next one carries the step (or is refused for it).
            nvr.awaitFrames(100, Duration.ofSeconds(20));
            nvr.stopRecording();

            // After a step the recorder waits for a keyframe; the CLOCK gap ends there, so forward steps tile.
            RecordingAudit audit = step.by.isNegative()
                    ? RecordingAudit.filesOnly(nvr.store.index, nvr.store.root, LivePipeline.CAM)
                    : RecordingAudit.of(nvr.store.index, nvr.store.root, LivePipeline.CAM, Duration.ofMillis(5));
            assertThat(audit.problems).as(audit.describe()).isEmpty();
            assertThat(audit.gaps).as(audit.describe()).singleElement().satisfies(gap -> {
                assertThat(gap.cause()).isEqualTo(GapCause.CLOCK);
                long millis = Duration.between(gap.start(), gap.end()).toMillis();
                if (step.by.isNegative()) {
                    // Documented (Gap, CameraIngest): a clock stepped back gives a gap that starts where video
                    // resumed, since what lies on either side does not join; it lasts until the keyframe that
                    // resumed recording.
                    assertThat(millis).isBetween(0L, LivePipeline.GOP.toMillis());
                } else {
                    assertThat(millis).isBetween(step.by.toMillis() - 1000, step.by.toMillis() + 1000);
                }
            });
            List<SegmentRow> bySequence = audit.segments.stream()
                    .sorted(Comparator.comparingLong(SegmentRow::sequence)).toList();
            assertThat(bySequence).as(audit.describe()).hasSize(2);
            SegmentRow before = bySequence.get(0);
            SegmentRow after = bySequence.get(1);
            Gap gap = audit.gaps.get(0);
            // The step ended the segment (forward: where the gap starts), and the next starts at the first keyframe
            // after the gap's end.
            assertThat(before.endReason()).isEqualTo(EndReason.GAP);
            if (!step.by.isNegative()) {
                assertThat(Duration.between(before.endUtc(), gap.start()).abs()).isLessThan(Duration.ofMillis(5));
            }
            assertThat(gap.end()).as("the gap ends where recording resumed").isEqualTo(after.startUtc());
            // Decision (docs/reliability.md): after a step back the times stay what the clock said, and the
            // segments overlap (or, stepped back by more than a segment, come in the other order). Playback from
            // the earliest time recorded serves every recorded frame exactly once, in start order: nothing is
            // hidden behind the overlap.
            Instant earliest = before.startUtc().isBefore(after.startUtc()) ? before.startUtc() : after.startUtc();
            long played = 0;
            try (PlaybackCursor cursor = new IndexRecordingReader(nvr.store.index, nvr.store.root)
                    .open(LivePipeline.CAM, earliest).orElseThrow()) {
                for (StreamItem item = cursor.next(); item != null; item = cursor.next()) {
                    if (item instanceof AccessUnit) {
                        played++;
                    }
                }
            }
            assertThat(played).as("frames played back\n" + audit.describe()).isEqualTo(audit.frames());
            // The new segment's times are its clock's: shifted by the step from where the old one ended.
            Duration shift = Duration.between(before.endUtc(), after.startUtc());
            assertThat(shift.minus(step.by).abs()).as(audit.describe())
                    .isLessThan(LivePipeline.GOP.plusSeconds(1));
        }
        ReliabilityReport.row("wall clock step: " + step.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + " " + step.by.toSeconds() + " s",
                step.camera ? "demo camera's clock stepped (its RTCP Sender Reports carry the step)"
                        : "the NVR's injected NvrClock stepped", 1,
                "segment cut, one CLOCK gap ending at the keyframe that resumed recording, no negative duration,"
                        + " files scan clean"
                        + (step.by.isNegative() ? "; the next segment overlaps the previous one in wall time and"
                        + " playback serves every frame of both once" : ", segments and gaps tile, playback serves"
                        + " every frame once"),
                "0 s beyond the gap", "pass");
    }
}
