package org.nvr.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's garbage-collection pauses, from the notifications of the GC MXBeans
 * ({@link GarbageCollectionNotificationInfo}, one per collection, sent on the JMX service thread shortly after the
 * collection ends): each one's start (ms since the JVM started, as {@link GcInfo#getStartTime()}) and duration in
 * ms. Beans that time concurrent work rather than pauses (names with "Cycles" or "Concurrent": ZGC's and
 * Shenandoah's cycles, G1's concurrent cycle from JDK 20) are not counted. On JDK 17, G1 reports its young, mixed
 * and full collections; the remark and cleanup pauses of its concurrent marking are reported by no bean, so they
 * are missing here (they are rare and short at the benchmarks' heap sizes).
 *
 * <p>Bounded: the last {@value #CAPACITY} collections are kept. Thread-safe.
 */
final class GcPauseLog implements NotificationListener {
    static final int CAPACITY = 16_384;
    /** How long {@link #between} waits for notifications of collections that ended just before it was called. */
    private static final long NOTIFICATION_DELAY_MILLIS = 100;

    private final long[] startMillis = new long[CAPACITY];
    private final long[] durationMillis = new long[CAPACITY];
    private long recorded;

    private GcPauseLog() {
    }

    /** Listens to every GC bean of this JVM that reports pauses. */
    static GcPauseLog install() {
        GcPauseLog log = new GcPauseLog();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = bean.getName();
            if (name.contains("Cycles") || name.contains("Concurrent") || !(bean instanceof NotificationEmitter)) {
                continue;
            }
            ((NotificationEmitter) bean).addNotificationListener(log, n -> GarbageCollectionNotificationInfo
                    .GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()), null);
        }
        return log;
    }

    /** Milliseconds since the JVM started, on the clock of {@link GcInfo#getStartTime()}. */
    static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        synchronized (this) {
            int slot = (int) (recorded % CAPACITY);
            startMillis[slot] = info.getStartTime();
            durationMillis[slot] = info.getDuration();
            recorded++;
        }
    }

    /**
     * The collections that started in {@code [fromUptimeMillis, toUptimeMillis]}, after waiting
     * {@value #NOTIFICATION_DELAY_MILLIS} ms for the notifications of the last ones.
     */
    GcPauses between(long fromUptimeMillis, long toUptimeMillis) throws InterruptedException {
        Thread.sleep(NOTIFICATION_DELAY_MILLIS);
        int collections = 0;
        long total = 0;
        long longest = 0;
        synchronized (this) {
            long first = Math.max(0, recorded - CAPACITY);
            for (long i = first; i < recorded; i++) {
                int slot = (int) (i % CAPACITY);
                if (startMillis[slot] >= fromUptimeMillis && startMillis[slot] <= toUptimeMillis) {
                    collections++;
                    total += durationMillis[slot];
                    longest = Math.max(longest, durationMillis[slot]);
                }
            }
        }
        return new GcPauses(collections, total, longest);
    }

    /**
     * Pauses in a window.
     *
     * @param collections        collections that started in it
     * @param totalPauseMillis   their durations summed (each whole milliseconds, as the JVM reports them)
     * @param longestPauseMillis the longest
     */
    record GcPauses(int collections, long totalPauseMillis, long longestPauseMillis) {
    }
}
