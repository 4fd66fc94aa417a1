package org.nvr.core.record;

import java.io.IOException;

/** Creates segment files (implemented by nvr-storage). */
public interface SegmentSink {
    /**
     * Creates a new segment file that did not exist before (never overwrites) and writes its header.
     *
     * @throws IOException when the file cannot be created or written (disk full, permissions)
     */
    SegmentWriter create(SegmentStart start) throws IOException;
}
