package org.nvr.bench;

/**
 * One client's arrivals: for each RTP packet with the marker bit (the last packet of an access unit, RFC 6184
 * §5.1), its 32-bit RTP timestamp and the {@code System.nanoTime()} when it had been read whole. Bounded: arrivals
 * beyond {@code capacity} are counted, not kept. Written by the client's reader thread, read after it ended.
 */
final class MarkerLog {
    private final long[] timestamps;
    private final long[] nanos;
    private int size;
    private long overflow;

    MarkerLog(int capacity) {
        timestamps = new long[capacity];
        nanos = new long[capacity];
    }

    void add(long rtpTimestamp, long arrivalNanos) {
        if (size == timestamps.length) {
            overflow++;
            return;
        }
        timestamps[size] = rtpTimestamp;
        nanos[size] = arrivalNanos;
        size++;
    }

    int size() {
        return size;
    }

    long overflow() {
        return overflow;
    }

    long timestamp(int i) {
        return timestamps[i];
    }

    long nanos(int i) {
        return nanos[i];
    }
}
