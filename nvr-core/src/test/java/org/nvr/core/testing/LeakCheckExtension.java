package org.nvr.core.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran (tests run with
 * {@code -Dio.netty.leakDetection.level=paranoid}). Registered for every test class through JUnit's extension
 * auto-detection (junit-platform.properties).
 *
 * <p>Netty reports a leak only when the garbage collector has reclaimed the buffer and a later allocation polls
 * the detector's queue, so this collects garbage and allocates a few buffers before looking.
 */
public final class LeakCheckExtension implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            pokeDetector();
        }
        List<String> reports = LeakReports.drain();
        if (!reports.isEmpty()) {
            throw new AssertionError(reports.size() + " Netty buffer leak(s) reported while "
                    + context.getDisplayName() + " ran; first:\n" + reports.get(0));
        }
    }

    private static void pokeDetector() {
        for (int i = 0; i < 8; i++) {
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(16);
            pooled.release();
            ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(16);
            unpooled.release();
        }
    }
}
