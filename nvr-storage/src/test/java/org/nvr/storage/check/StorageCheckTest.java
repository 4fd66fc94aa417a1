package org.nvr.storage.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.record.EndReason;
import org.nvr.core.record.FragmentEntry;
import org.nvr.core.record.SegmentRow;
import org.nvr.core.record.StreamKey;
import org.nvr.storage.check.CheckProblem.Kind;
import org.nvr.storage.index.Database;
import org.nvr.storage.lifecycle.TestStore;
import org.nvr.storage.segment.SegmentFileScanner;

/** {@code nvr check}: every kind of disagreement, and rebuilding the index from the files. */
class StorageCheckTest {
    private static final StreamKey CAM = new StreamKey("cam-1", "main");
    private static final StreamKey SUB = new StreamKey("cam-1", "sub");
    private static final StreamKey OTHER = new StreamKey("cam-2", "main");

    @TempDir
    Path dir;
    private TestStore store;
    private StorageCheck check;

    @BeforeEach
    void open() throws IOException {
        store = new TestStore(dir);
        check = new StorageCheck(store.index, store.root, store.quarantine, store.deleter);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<SegmentRow> recordSome() throws IOException {
        return List.of(
                store.record(CAM, 0, TestStore.DAY, 50),
                store.record(CAM, 1, TestStore.DAY.plusSeconds(2), 75),
                store.record(SUB, 0, TestStore.DAY, 30),
                store.record(OTHER, 5, TestStore.DAY.plusSeconds(86_399), 60),
                store.record(OTHER, 6, TestStore.DAY.plusSeconds(86_401), 50));
    }

    @Test
    void aConsistentStoreIsClean() throws IOException {
        recordSome();

        CheckReport quick = check.verify(false);
        CheckReport full = check.verify(true);

        assertThat(quick.clean()).isTrue();
        assertThat(full.clean()).isTrue();
        assertThat(full.rowsChecked()).isEqualTo(5);
        assertThat(full.filesChecked()).isEqualTo(5);
        assertThat(full.problems()).isEmpty();
        assertThat(full.format()).startsWith("OK: 5 index rows, 5 segment files (contents and SHA-256 read)");
    }

    @Test
    void findsEveryKindOfDisagreement() throws IOException {
        List<SegmentRow> rows = recordSome();
        SegmentRow missing = rows.get(0);
        SegmentRow grown = rows.get(1);
        SegmentRow flipped = rows.get(2);
        SegmentRow orphan = rows.get(3);
        Files.delete(store.root.resolve(missing.path()));
        Files.write(store.root.resolve(grown.path()), new byte[] {1}, StandardOpenOption.APPEND);
        flipLastByte(store.root.resolve(flipped.path()));
        store.dropRow(orphan);
        Files.writeString(store.root.resolve("README"), "not a segment");

        CheckReport quick = check.verify(false);
        CheckReport full = check.verify(true);

        // Without reading the files, a flipped byte (same size) cannot be seen.
        assertThat(quick.count(Kind.HASH_MISMATCH)).isZero();
        assertThat(quick.count(Kind.MISSING_FILE)).isEqualTo(1);
        assertThat(full.clean()).isFalse();
        assertThat(full.problems()).extracting(CheckProblem::kind, CheckProblem::path).containsExactlyInAnyOrder(
                tuple(Kind.MISSING_FILE, missing.path()),
                tuple(Kind.SIZE_MISMATCH, grown.path()),
                tuple(Kind.HASH_MISMATCH, flipped.path()),
                tuple(Kind.ORPHAN_FILE, orphan.path()),
                tuple(Kind.UNKNOWN_FILE, Path.of("README")));
        CheckProblem size = full.problems().stream().filter(p -> p.kind() == Kind.SIZE_MISMATCH).findFirst()
                .orElseThrow();
        assertThat(size.detail()).isEqualTo("file has " + (grown.bytes() + 1) + " bytes, index says "
                + grown.bytes());
        assertThat(full.format()).contains("HASH_MISMATCH " + flipped.path()).contains("missing file: 1");
    }

    @Test
    void aTruncatedFileIsReportedWithTheScannersProblem() throws IOException {
        SegmentRow row = store.record(CAM, 0, TestStore.DAY, 75);
        Path file = store.root.resolve(row.path());
        List<FragmentEntry> fragments = SegmentFileScanner.scan(file).fragments();
        FragmentEntry last = fragments.get(fragments.size() - 1);
        // Same size, but the last fragment's box type (bytes 4..7 of the box) goes from 'moof' to 'xoof'.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {'x'}), last.byteOffset() + 4);
        }

        CheckReport report = check.verify(true);

        assertThat(report.count(Kind.CORRUPT)).isEqualTo(1);
        CheckProblem corrupt = report.problems().stream().filter(p -> p.kind() == Kind.CORRUPT).findFirst()
                .orElseThrow();
        assertThat(corrupt.path()).isEqualTo(row.path());
        assertThat(corrupt.detail()).contains("expected moof").contains("xoof");
        assertThat(report.count(Kind.HASH_MISMATCH)).isEqualTo(1);
    }

    @Test
    void rebuildFromTheFilesAloneReproducesTheRows() throws IOException {
        List<SegmentRow> original = recordSome();
        try (TestStore fresh = new TestStore(store.root, Database.inMemory("rebuild-" + System.nanoTime()))) {
            StorageCheck rebuilder = new StorageCheck(fresh.index, fresh.root, fresh.quarantine, fresh.deleter);

            RebuildReport first = rebuilder.rebuild();

            assertThat(first.added().count()).isEqualTo(5);
            assertThat(first.truncated().isEmpty() && first.quarantined().isEmpty() && first.removedRows().isEmpty())
                    .isTrue();
            List<SegmentRow> rebuilt = fresh.rows().stream().sorted(Comparator.comparing(SegmentRow::path)).toList();
            List<SegmentRow> expected = original.stream().sorted(Comparator.comparing(SegmentRow::path)).toList();
            assertThat(rebuilt).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                SegmentRow e = expected.get(i);
                SegmentRow r = rebuilt.get(i);
                assertThat(r.path()).isEqualTo(e.path());
                assertThat(r.stream()).isEqualTo(e.stream());
                assertThat(r.sequence()).isEqualTo(e.sequence());
                assertThat(r.startUtc()).isEqualTo(e.startUtc());
                assertThat(r.endUtc()).isEqualTo(e.endUtc());
                assertThat(r.mediaDuration90k()).isEqualTo(e.mediaDuration90k());
                assertThat(r.frames()).isEqualTo(e.frames());
                assertThat(r.bytes()).isEqualTo(e.bytes());
                assertThat(r.sha256()).isEqualTo(e.sha256());
                assertThat(r.clockSource()).isEqualTo(e.clockSource());
                // The files do not record why a segment ended.
                assertThat(r.endReason()).isEqualTo(EndReason.RECOVERED);
            }
            assertThat(fresh.index.nextSequence(OTHER)).isEqualTo(7);
            assertThat(rebuilder.verify(true).clean()).isTrue();

            RebuildReport second = rebuilder.rebuild();

            assertThat(second.unchanged()).isTrue();
            assertThat(second.filesScanned()).isEqualTo(5);
            assertThat(fresh.rows()).hasSize(5);
        }
    }

    @Test
    void rebuildOnAPopulatedIndexAddsRemovesCutsAndQuarantines() throws IOException {
        List<SegmentRow> rows = recordSome();
        SegmentRow gone = rows.get(0);
        SegmentRow unindexed = rows.get(1);
        SegmentRow partial = rows.get(4);
        Files.delete(store.root.resolve(gone.path()));
        store.dropRow(unindexed);
        store.dropRow(partial);
        Path partialFile = store.root.resolve(partial.path());
        long cut = Files.size(partialFile) - 7;
        try (FileChannel channel = FileChannel.open(partialFile, StandardOpenOption.WRITE)) {
            channel.truncate(cut);
        }
        Path junk = Path.of("cam-2", "2024", "05", "02", "20240502T010000.000Z-main-99.mp4");
        Files.write(store.root.resolve(junk), new byte[] {0, 0, 0, 8, 'f', 'r', 'e', 'e'});

        RebuildReport report = check.rebuild();

        assertThat(report.added().paths()).containsExactly(unindexed.path());
        assertThat(report.truncated().paths()).containsExactly(partial.path());
        assertThat(report.quarantined().paths()).containsExactly(junk);
        assertThat(report.removedRows().paths()).containsExactly(gone.path());
        assertThat(store.quarantineDir.resolve(junk)).exists();
        assertThat(Files.size(partialFile)).isLessThan(cut);
        assertThat(store.deleted("segments", StorageCheck.FILE_MISSING_REASON)).isEqualTo(1.0);
        assertThat(check.verify(true).clean()).isTrue();
        assertThat(report.format()).contains("row removed " + gone.path()).contains("quarantined " + junk);
        assertThat(check.rebuild().unchanged()).isTrue();
    }

    private static void flipLastByte(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            long at = channel.size() - 1;
            channel.read(b, at);
            b.flip();
            byte flipped = (byte) (b.get(0) ^ 0x01);
            channel.write(ByteBuffer.wrap(new byte[] {flipped}), at);
        }
    }
}
