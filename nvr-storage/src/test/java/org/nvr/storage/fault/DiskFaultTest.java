package org.nvr.storage.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.Recorder;
import org.nvr.core.record.RecorderPolicy;
import org.nvr.core.record.RecorderState;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.core.stream.HubLimits;
import org.nvr.core.stream.StreamHub;
import org.nvr.core.testing.ReliabilityReport;
import org.nvr.core.testing.StreamItems;
import org.nvr.core.time.FakeNvrClock;
import org.nvr.storage.check.CheckReport;
import org.nvr.storage.check.StorageCheck;
import org.nvr.storage.fault.DiskFaults.Op;
import org.nvr.storage.lifecycle.RecoveryReport;
import org.nvr.storage.lifecycle.StartupRecovery;
import org.nvr.storage.lifecycle.TestStore;
import org.nvr.storage.segment.Fmp4SegmentSink;
import org.nvr.storage.segment.FsyncPolicy;
import org.nvr.storage.segment.SegmentWriterOptions;

/**
 * Disk faults under a real recorder, fMP4 writer and H2 index: ENOSPC and EROFS and EIO injected at the file
 * channel (fragment write, fragment fsync, the fsync at finish, file creation) while a 25 fps stream with a
 * keyframe every 2 s is recorded in 10 s segments. Every fault must become one DISK gap from the end of what was
 * durably kept to the first unit recorded again; recording resumes within the retry delay and a GOP after the fault
 * clears; the durable part of the failed segment is indexed at once (except on a read-only file system, where
 * startup recovery indexes it); and afterwards every file scans clean, index and disk agree, and segments and gaps
 * tile the time recorded. The drains run on the publishing thread and the monotonic clock follows media time, so
 * each run is deterministic.
 */
class DiskFaultTest {
    private static final StreamKey CAM = new StreamKey("cam-1", "main");
    /** Fault armed at 5.2 s, cleared at 16 s, recording stopped at 28 s. */
    private static final int ARM_FRAME = 130;
    private static final int CLEAR_FRAME = 400;
    private static final int LAST_FRAME = 700;
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final Duration FRAGMENT = Duration.ofSeconds(1);
    private static final Duration GOP = Duration.ofSeconds(2);

    /** A fault, where it hits, and when it is armed. */
    enum Fault {
        ENOSPC_AT_FRAGMENT_WRITE(ARM_FRAME, true, f -> f.diskFull()),
        EIO_AT_FRAGMENT_FSYNC(ARM_FRAME, false, f -> f.fail(Op.FSYNC_DATA, 1, "Input/output error")),
        // Under eachFragment, finish's only sync is the last fragment's fdatasync (docs/recording.md, "Durability"):
        // armed at 9.6 s, after the fragment ending at 9 s was synced, so that the next one is finish's, at the
        // turnover at 10 s.
        EIO_AT_FINISH(240, false, f -> f.fail(Op.FSYNC_DATA, 1, "Input/output error")),
        // Armed just before the turnover at 10 s, so that the next segment cannot be created.
        ENOSPC_AT_CREATE(240, true, f -> f.fail(Op.CREATE, DiskFaults.UNTIL_CLEARED, "No space left on device")),
        EROFS(ARM_FRAME, true, f -> f.readOnly());

        final int armFrame;
        final boolean lastsUntilCleared;
        final java.util.function.Consumer<DiskFaults> arm;

        Fault(int armFrame, boolean lastsUntilCleared, java.util.function.Consumer<DiskFaults> arm) {
            this.armFrame = armFrame;
            this.lastsUntilCleared = lastsUntilCleared;
            this.arm = arm;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aDiskFaultBecomesOneDiskGapAndLosesNothingDurable(Fault fault) throws Exception {
        try (TestStore store = new TestStore(dir)) {
            DiskFaults faults = new DiskFaults();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Fmp4SegmentSink sink = new Fmp4SegmentSink(store.root, new SegmentWriterOptions(FRAGMENT,
                    FsyncPolicy.EACH_FRAGMENT, SegmentWriterOptions.DEFAULT_MAX_FRAGMENT_BYTES), registry, faults);
            StreamHub hub = new StreamHub(CAM.cameraId(), CAM.streamName(), HubLimits.DEFAULT, registry);
            FakeNvrClock clock = new FakeNvrClock(StreamItems.T0);
            Recorder recorder = new Recorder(CAM, hub, sink, store.index,
                    new RecorderPolicy(Duration.ofSeconds(10), 10_000, RETRY_DELAY), Runnable::run, clock, registry);
            recorder.start();
            hub.publish(StreamItems.parameters());
            for (int n = 0; n < LAST_FRAME; n++) {
                if (n == fault.armFrame) {
                    fault.arm.accept(faults);
                }
                if (n == CLEAR_FRAME) {
                    faults.clear();
                }
                clock.setMonotonicNanos(n * 40_000_000L);
                hub.publish(StreamItems.frame(n));
            }
            assertThat(faults.failures()).as("faults that hit").isPositive();
            assertThat(recorder.status().state()).isEqualTo(RecorderState.RECORDING);
            assertThat(registry.get("nvr.record.write.errors").counter().count()).isPositive();
            recorder.stop().join();
            hub.close();

            // What startup recovery finds is what the recorder could not index itself.
            RecoveryReport recovery = new StartupRecovery(store.index, store.deleter, store.root, store.quarantine)
                    .run();
            assertThat(recovery.recovered().count()).as(recovery.summary())
                    .isEqualTo(fault == Fault.EROFS ? 1 : 0);
            assertThat(recovery.quarantined().isEmpty()).as(recovery.summary()).isTrue();
            CheckReport check = new StorageCheck(store.index, store.root, store.quarantine, store.deleter)
                    .verify(true);
            assertThat(check.clean()).as(check.format()).isTrue();

            // On a read-only disk the failed fragment's units lie between what recovery kept and the gap.
            Duration slack = fault == Fault.EROFS ? FRAGMENT.plusMillis(80) : Duration.ofMillis(1);
            RecordingAudit audit = RecordingAudit.of(store.index, store.root, CAM, slack);
            assertThat(audit.problems).as(audit.describe()).isEmpty();
            assertThat(audit.gaps).as(audit.describe()).singleElement().satisfies(gap -> {
                assertThat(gap.cause()).isEqualTo(GapCause.DISK);
                // At most the fragment being written when the fault hit is lost before it...
                assertThat(gap.start()).isAfterOrEqualTo(wall(fault.armFrame).minus(FRAGMENT).minus(FRAGMENT));
                // ...and recording resumes at the first keyframe once the fault is gone and the retry is due.
                Instant cleared = fault.lastsUntilCleared ? wall(CLEAR_FRAME) : gap.start();
                assertThat(gap.end()).isBeforeOrEqualTo(cleared.plus(RETRY_DELAY).plus(GOP));
            });
            List<SegmentRow> segments = audit.segments;
            assertThat(segments.get(segments.size() - 1).endReason()).isEqualTo(EndReason.STOPPED);
            if (fault != Fault.EROFS && fault != Fault.ENOSPC_AT_CREATE) {
                // The segment that failed keeps its durable part, indexed by the recorder.
                assertThat(segments).extracting(SegmentRow::endReason).contains(EndReason.WRITE_ERROR);
            }
            // Nothing but the gap is missing: frames recorded + frames in the gap = frames offered.
            Gap gap = audit.gaps.get(0);
            long gapFrames = Duration.between(gap.start(), gap.end()).toMillis() / 40;
            long slackFrames = fault == Fault.EROFS ? FRAGMENT.toMillis() / 40 + 2 : 0;
            assertThat(audit.frames() + gapFrames).as(audit.describe())
                    .isBetween(LAST_FRAME - slackFrames, (long) LAST_FRAME);
        }
        ReliabilityReport.row("disk: " + fault.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                "injected IOException at the segment's FileChannel (SegmentChannelFactory)", 1,
                "one DISK gap from the end of the durable part to the resume, durable part indexed "
                        + (fault == Fault.EROFS ? "by startup recovery" : "at once") + ", resume after the fault "
                        + "clears, files scan clean, nvr check clean", "0 s beyond the fault", "pass");
    }

    private static Instant wall(long frame) {
        return StreamItems.wall(frame);
    }
}
