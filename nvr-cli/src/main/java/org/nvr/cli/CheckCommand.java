package org.nvr.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nvr.core.model.NvrException;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.check.CheckReport;
import org.nvr.storage.check.RebuildReport;
import org.nvr.storage.check.StorageCheck;
import org.nvr.storage.index.Database;
import org.nvr.storage.index.H2RecordingIndex;
import org.nvr.storage.lifecycle.Quarantine;
import org.nvr.storage.lifecycle.SegmentDeleter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nvr check}: compares the index with the segment files on disk, offline (the server must be stopped: the
 * index is a single-writer H2 file). Exit code 0 when they agree, 1 when problems were found.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Verify the index against the segment files (sizes; hashes with --hashes).",
            "With --rebuild, index files that have no row (cutting partial ones back to their last complete "
                + "fragment) and drop rows whose file is gone. Run it while the NVR is stopped."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private OfflineIndexOptions indexOptions;

    @Option(names = "--hashes", description = "Also read every file and compare its SHA-256 with the index.")
    private boolean hashes;

    @Option(names = "--rebuild", description = "Repair the index from the files (see above).")
    private boolean rebuild;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Path> resolved = indexOptions.dataDir(err);
        if (resolved.isEmpty()) {
            return ExitCodes.USAGE;
        }
        Path data = resolved.get();
        Path recordings = data.resolve("recordings");
        if (!Files.isDirectory(recordings)) {
            err.println("no recordings directory at " + recordings.toAbsolutePath());
            return 1;
        }
        try (Database database = Database.open(data)) {
            H2RecordingIndex index = new H2RecordingIndex(database, NvrClock.SYSTEM);
            SegmentDeleter deleter = new SegmentDeleter(index, recordings, NvrClock.SYSTEM, new SimpleMeterRegistry());
            StorageCheck check = new StorageCheck(index, recordings,
                    new Quarantine(recordings, data.resolve("quarantine")), deleter);
            if (rebuild) {
                RebuildReport report = check.rebuild();
                out.println(report.format());
            }
            CheckReport report = check.verify(hashes);
            out.println(report.format());
            return report.clean() ? 0 : 1;
        } catch (NvrException e) {
            err.println("cannot check " + data.toAbsolutePath() + ": " + e.getMessage()
                    + (e.kind() == NvrException.Kind.UNAVAILABLE ? " (is the NVR still running?)" : ""));
            return 1;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            err.println("cannot check " + data.toAbsolutePath() + ": " + e.getMessage());
            return 1;
        }
    }
}
