package org.nvr.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.rtsp.client.MediaListener;

/**
 * A {@link MediaListener} that keeps what an RTSP session delivers, in order, for a test thread to read while the
 * session's event loop still adds to it. Unbounded: for tests that deliver a few hundred frames at most.
 */
public final class CollectingMediaListener implements MediaListener {
    private final List<Object> items = new CopyOnWriteArrayList<>();
    private final AtomicLong lostPackets = new AtomicLong();

    @Override
    public void onParameters(VideoParameters parameters) {
        items.add(parameters);
    }

    @Override
    public void onAccessUnit(AccessUnit unit, boolean clockStepped) {
        items.add(unit);
    }

    @Override
    public void onLoss(long lostPackets, long droppedFrames) {
        this.lostPackets.addAndGet(lostPackets);
    }

    /** The parameters and access units delivered so far, in order (a live view). */
    public List<Object> items() {
        return items;
    }

    /** The access units delivered so far, in order (a copy). */
    public List<AccessUnit> units() {
        List<AccessUnit> units = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof AccessUnit unit) {
                units.add(unit);
            }
        }
        return units;
    }

    /** Packets reported lost so far. */
    public long lostPackets() {
        return lostPackets.get();
    }

    /**
     * Waits until {@code count} access units have arrived or {@code timeout} has passed, and returns the units
     * delivered by then; the caller asserts on how many.
     */
    public List<AccessUnit> awaitUnits(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (units().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return units();
    }
}
