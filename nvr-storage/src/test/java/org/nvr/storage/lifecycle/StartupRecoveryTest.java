package org.nvr.storage.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.SegmentSummary;
import org.nvr.core.record.StreamKey;
import org.nvr.storage.segment.SegmentFileScanner;

/** Startup recovery after simulated crashes: each test leaves the store as a crash at one step would. */
class StartupRecoveryTest {
    private static final StreamKey CAM = new StreamKey("cam-1", "main");
    private static final StreamKey SUB = new StreamKey("cam-1", "sub");
    private static final StreamKey OTHER = new StreamKey("cam-2", "main");

    @TempDir
    Path dir;
    private TestStore store;
    private StartupRecovery recovery;

    @BeforeEach
    void open() throws IOException {
        store = new TestStore(dir);
        // Batches of 2 files, so that a day directory is compared with the index in several batches.
        recovery = new StartupRecovery(store.index, store.deleter, store.root, store.quarantine, 2, 100);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aConsistentStoreIsLeftAsItIs() throws IOException {
        for (int i = 0; i < 5; i++) {
            store.record(CAM, i, TestStore.DAY.plusSeconds(3L * i), 50);
            store.record(SUB, i, TestStore.DAY.plusSeconds(3L * i), 25);
        }
        store.record(OTHER, 0, TestStore.DAY.plusSeconds(86_400 + 10), 50);
        var before = TestStore.files(store.root);

        RecoveryReport report = recovery.run();

        assertThat(report.clean()).isTrue();
        assertThat(report.garbageFinished()).isZero();
        assertThat(report.unknownFiles().isEmpty()).isTrue();
        assertThat(TestStore.files(store.root)).isEqualTo(before);
        assertThat(store.rows()).hasSize(11);
        assertThat(report.summary()).startsWith("startup recovery: 0 pending deletions finished, 0 partial segments");
    }

    @Test
    void aPartialFileIsCutBackToItsLastFragmentAndIndexed() throws IOException {
        store.record(CAM, 0, TestStore.DAY, 50);
        SegmentRow crashed = store.record(CAM, 1, TestStore.DAY.plusSeconds(2), 100);
        Path file = store.root.resolve(crashed.path());
        SegmentSummary whole = SegmentFileScanner.recover(store.root, crashed.path());
        assertThat(whole.fragments()).hasSizeGreaterThan(2);
        // The crash: the row was never inserted, and the last fragment is half written.
        store.dropRow(crashed);
        FragmentEntry last = whole.fragments().get(whole.fragments().size() - 1);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(last.byteOffset() + last.byteLength() / 2);
        }

        RecoveryReport report = recovery.run();

        assertThat(report.recovered().paths()).containsExactly(crashed.path());
        assertThat(report.quarantined().isEmpty()).isTrue();
        assertThat(report.missingFiles().isEmpty()).isTrue();
        SegmentRow row = store.index.segmentByPath(crashed.path()).orElseThrow();
        assertThat(row.endReason()).isEqualTo(EndReason.RECOVERED);
        assertThat(row.bytes()).isEqualTo(last.byteOffset()).isEqualTo(Files.size(file));
        assertThat(row.frames()).isEqualTo(crashed.frames() - last.frames());
        assertThat(row.sha256()).isEqualTo(SegmentFileScanner.sha256(file));
        assertThat(row.sequence()).isEqualTo(1);
        assertThat(SegmentFileScanner.scan(file).complete()).isTrue();
        // Running again finds nothing more to do.
        assertThat(recovery.run().clean()).isTrue();
    }

    @Test
    void aFileWithoutAnyCompleteFragmentGoesToQuarantine() throws IOException {
        SegmentRow crashed = store.record(CAM, 0, TestStore.DAY, 50);
        SegmentSummary whole = SegmentFileScanner.recover(store.root, crashed.path());
        store.dropRow(crashed);
        try (FileChannel channel = FileChannel.open(store.root.resolve(crashed.path()), StandardOpenOption.WRITE)) {
            channel.truncate(whole.fragments().get(0).byteOffset() + 10);
        }

        RecoveryReport report = recovery.run();

        assertThat(report.quarantined().paths()).containsExactly(crashed.path());
        assertThat(store.root.resolve(crashed.path())).doesNotExist();
        assertThat(store.quarantineDir.resolve(crashed.path())).exists();
        assertThat(store.rows()).isEmpty();
    }

    @Test
    void garbageWithASegmentNameGoesToQuarantineAndIsNeverDeleted() throws IOException {
        store.record(CAM, 0, TestStore.DAY, 50);
        Path name = Path.of("cam-1", "2024", "05", "01", "20240501T000100.000Z-main-7.mp4");
        byte[] garbage = new byte[5000];
        new Random(42).nextBytes(garbage);
        Files.write(store.root.resolve(name), garbage);
        // The same name quarantined before: the new one gets a suffix rather than overwriting evidence.
        Files.createDirectories(store.quarantineDir.resolve(name).getParent());
        Files.write(store.quarantineDir.resolve(name), new byte[] {1, 2, 3});

        RecoveryReport report = recovery.run();

        assertThat(report.quarantined().paths()).containsExactly(name);
        assertThat(report.recovered().isEmpty()).isTrue();
        assertThat(Files.readAllBytes(store.quarantineDir.resolve(name + ".1"))).isEqualTo(garbage);
        assertThat(Files.readAllBytes(store.quarantineDir.resolve(name))).containsExactly(1, 2, 3);
        assertThat(store.rows()).hasSize(1);
    }

    @Test
    void aFileWhoseMetadataContradictsItsNameIsQuarantined() throws IOException {
        SegmentRow row = store.record(CAM, 0, TestStore.DAY, 50);
        Path renamed = Path.of("cam-1", "2024", "05", "01", "20240501T000000.000Z-main-9.mp4");
        store.dropRow(row);
        Files.move(store.root.resolve(row.path()), store.root.resolve(renamed));

        RecoveryReport report = recovery.run();

        assertThat(report.quarantined().paths()).containsExactly(renamed);
        assertThat(store.rows()).isEmpty();
    }

    @Test
    void pendingGarbageIsFinishedFirst() throws IOException {
        SegmentRow row = store.record(CAM, 0, TestStore.DAY, 50);
        store.index.markGarbage(row.id(), "max_age");

        RecoveryReport report = recovery.run();

        assertThat(report.garbageFinished()).isEqualTo(1);
        // The file is deleted, not recovered: its garbage row said it was on its way out.
        assertThat(report.recovered().isEmpty()).isTrue();
        assertThat(store.root.resolve(row.path())).doesNotExist();
        assertThat(store.rows()).isEmpty();
    }

    @Test
    void missingFilesAndSizeMismatchesAreReportedAndTheRowsKept() throws IOException {
        SegmentRow gone = store.record(CAM, 0, TestStore.DAY, 50);
        SegmentRow grown = store.record(CAM, 1, TestStore.DAY.plusSeconds(2), 50);
        SegmentRow goneDay = store.record(OTHER, 0, TestStore.DAY.plusSeconds(86_400), 50);
        store.record(OTHER, 1, TestStore.DAY.plusSeconds(86_402), 50);
        Files.delete(store.root.resolve(gone.path()));
        Files.delete(store.root.resolve(goneDay.path()));
        Files.write(store.root.resolve(grown.path()), new byte[] {0, 0, 0, 8}, StandardOpenOption.APPEND);

        RecoveryReport report = recovery.run();

        assertThat(report.missingFiles().paths()).containsExactlyInAnyOrder(gone.path(), goneDay.path());
        assertThat(report.sizeMismatches().paths()).containsExactly(grown.path());
        assertThat(report.clean()).isFalse();
        assertThat(store.rows()).hasSize(4);
        assertThat(Files.size(store.root.resolve(grown.path()))).isEqualTo(grown.bytes() + 4);
    }

    @Test
    void aCameraWhoseWholeDirectoryIsGoneIsReported() throws IOException {
        SegmentRow row = store.record(OTHER, 0, TestStore.DAY, 50);
        Files.delete(store.root.resolve(row.path()));

        RecoveryReport report = recovery.run();

        assertThat(report.missingFiles().paths()).containsExactly(row.path());
    }

    @Test
    void unknownFilesAreReportedAndLeftAlone() throws IOException {
        store.record(CAM, 0, TestStore.DAY, 50);
        Path notes = Path.of("notes.txt");
        Path wrongName = Path.of("cam-1", "2024", "05", "01", "export.mp4");
        Path tooDeep = Path.of("cam-1", "2024", "05", "01", "extra");
        Files.writeString(store.root.resolve(notes), "hello");
        Files.writeString(store.root.resolve(wrongName), "not ours");
        Files.createDirectory(store.root.resolve(tooDeep));
        Files.writeString(store.root.resolve(tooDeep).resolve("20240501T000000.000Z-main-5.mp4"), "deep");

        RecoveryReport report = recovery.run();

        assertThat(report.unknownFiles().paths()).containsExactlyInAnyOrder(notes, wrongName, tooDeep);
        assertThat(report.clean()).isTrue();
        assertThat(store.root.resolve(notes)).exists();
        assertThat(store.root.resolve(wrongName)).exists();
        assertThat(store.root.resolve(tooDeep).resolve("20240501T000000.000Z-main-5.mp4")).exists();
    }

    @Test
    void reportListsAreBoundedButCountEverything() throws IOException {
        StartupRecovery bounded = new StartupRecovery(store.index, store.deleter, store.root, store.quarantine, 10, 2);
        for (int i = 0; i < 5; i++) {
            Files.writeString(store.root.resolve("junk" + i + ".txt"), "x");
        }

        RecoveryReport report = bounded.run();

        assertThat(report.unknownFiles().count()).isEqualTo(5);
        assertThat(report.unknownFiles().paths()).hasSize(2);
        assertThat(report.summary()).contains("5 (first 2 listed) unknown files");
    }
}
