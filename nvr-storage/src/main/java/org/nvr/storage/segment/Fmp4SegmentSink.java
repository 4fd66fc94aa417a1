package org.nvr.storage.segment;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.nvr.core.record.SegmentSink;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.SegmentWriter;
import org.nvr.storage.fs.DurableFiles;

/**
 * Creates segment files under a storage root, laid out by {@link SegmentPaths}. Thread-safe: it holds no mutable
 * state, and each file is created with {@code O_EXCL} so two writers can never share one.
 *
 * <p>Metrics: {@code nvr.storage.fsync} (timer, tag {@code kind} = {@code file}|{@code directory}; see
 * {@link FsyncTimers}) times every fsync of the segment files it creates and of their directories. Write errors are
 * not counted here: every one reaches the caller as an exception, and the recorder, the only caller, counts each
 * failed create, append and finish per camera in {@code nvr.record.write.errors}; a second counter here would count
 * the same events again without the camera.
 */
public final class Fmp4SegmentSink implements SegmentSink {
    private final Path root;
    private final SegmentWriterOptions options;
    private final FsyncTimers fsyncs;
    private final SegmentChannelFactory channels;

    /**
     * @param root     the storage root; must exist when segments are created (a missing root usually means an
     *                 unmounted disk)
     * @param options  fragment duration, fsync policy and fragment byte bound
     * @param registry for the fsync latency timers (registered here, once)
     */
    public Fmp4SegmentSink(Path root, SegmentWriterOptions options, MeterRegistry registry) {
        this(root, options, registry, SegmentChannelFactory.DEFAULT);
    }

    /**
     * A sink whose files are opened by {@code channels} (tests inject disk faults there).
     */
    public Fmp4SegmentSink(Path root, SegmentWriterOptions options, MeterRegistry registry,
                           SegmentChannelFactory channels) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
        this.fsyncs = new FsyncTimers(registry);
        this.channels = Objects.requireNonNull(channels, "channels");
    }

    /**
     * Creates the missing date directories (fsyncing the parent of each), then the file itself with
     * {@code CREATE_NEW}, and writes its init segment.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (never overwritten)
     */
    @Override
    public SegmentWriter create(SegmentStart start) throws IOException {
        Path relative = SegmentPaths.relativePath(start);
        DurableFiles.createDirectories(root, root.resolve(relative).getParent(), fsyncs::fsyncDirectory);
        return Fmp4SegmentWriter.create(root, relative, start, options, fsyncs, channels);
    }

    /** The storage root, absolute. */
    public Path root() {
        return root;
    }
}
