package org.nvr.core.export;

import java.io.IOException;

/** Plans exports over the index and segment files. Implemented by storage. */
public interface ExportService {
    /**
     * Plans one MP4 covering the request: it starts at the keyframe at or before the requested start and holds
     * every recorded frame up to the requested end.
     *
     * @throws org.nvr.core.model.NvrException {@code NOT_FOUND} if nothing is recorded in the range
     */
    ExportPlan plan(ExportRequest request) throws IOException;
}
