package org.nvr.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nvr.core.camera.CameraIngest;
import org.nvr.core.camera.IngestState;

/** Waits until every ingest of a benchmark streams, so the measured window starts in steady state. */
final class IngestReadiness {
    /** How long all streams get to start playing. */
    static final long TIMEOUT_MILLIS = 60_000;

    private IngestReadiness() {
    }

    /** Polls every 50 ms until all ingests stream or the timeout passes; returns how many stream. */
    static int await(List<CameraIngest> ingests) throws InterruptedException {
        long startNanos = System.nanoTime();
        int streaming = 0;
        while (System.nanoTime() - startNanos < TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS)) {
            streaming = (int) ingests.stream().filter(x -> x.status().state() == IngestState.STREAMING).count();
            if (streaming == ingests.size()) {
                break;
            }
            Thread.sleep(50);
        }
        return streaming;
    }
}
