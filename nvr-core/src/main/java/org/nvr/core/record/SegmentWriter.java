package org.nvr.core.record;

import java.io.IOException;
import org.nvr.core.model.AccessUnit;

/**
 * Writes one segment file. Not thread-safe: one recorder thread owns it. Every method that fails leaves the file
 * readable up to its last complete fragment.
 */
public interface SegmentWriter {
    /**
     * Appends one access unit. The first must be a keyframe. Units are gathered into fragments of about the
     * configured fragment duration, each made durable per the fsync policy when it is written.
     */
    void append(AccessUnit unit) throws IOException;

    /**
     * Media time written so far, in 90 kHz ticks from the first unit; the last unit counts with a provisional
     * duration until the next one arrives.
     */
    long mediaDuration90k();

    /**
     * Writes what is buffered, fsyncs the file and its directory, and returns the summary for the index.
     * The writer is unusable afterwards, unless this failed: then, and after a failed {@link #append}, a further
     * call keeps only what was durably written before the failure (the file cut back to its last complete
     * fragment), or throws when nothing can be kept; {@link #abandon()} after that.
     */
    SegmentSummary finish(EndReason reason) throws IOException;

    /**
     * Gives up after a failure: closes the file without further writes. Startup recovery will index what was
     * durable. Never throws.
     */
    void abandon();
}
