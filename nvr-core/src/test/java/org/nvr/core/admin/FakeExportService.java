package org.nvr.core.admin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nvr.core.export.ExportPlan;
import org.nvr.core.export.ExportRequest;
import org.nvr.core.export.ExportService;

/** Answers every request with one fixed plan (or throws {@code failure}), remembering the requests. */
final class FakeExportService implements ExportService {
    final List<ExportRequest> requests = new CopyOnWriteArrayList<>();
    volatile ExportPlan plan;
    volatile RuntimeException failure;

    @Override
    public ExportPlan plan(ExportRequest request) {
        requests.add(request);
        if (failure != null) {
            throw failure;
        }
        return plan;
    }
}
