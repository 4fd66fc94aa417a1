package org.nvr.storage.segment;

import java.time.Duration;
import java.util.Objects;

/**
 * How segment files are written.
 *
 * @param fragmentDuration a fragment ({@code moof}+{@code mdat}, the unit of recovery) is cut once its samples span
 *                         at least this much media time; default 1 s
 * @param fsync            when fragments are made durable; default {@link FsyncPolicy#EACH_FRAGMENT}
 * @param maxFragmentBytes a fragment is cut early when the next access unit would make its samples exceed this many
 *                         bytes; bounds the writer's memory (default 32 MiB). A single access unit larger than this
 *                         forms a fragment of its own.
 */
public record SegmentWriterOptions(Duration fragmentDuration, FsyncPolicy fsync, long maxFragmentBytes) {
    /** Default fragment duration: about one second lost at most on a crash. */
    public static final Duration DEFAULT_FRAGMENT_DURATION = Duration.ofSeconds(1);
    /** Default fragment byte bound: 1 s of a 200 Mbps stream, far above any camera's main stream. */
    public static final long DEFAULT_MAX_FRAGMENT_BYTES = 32L << 20;
    /** Largest allowed byte bound: keeps {@code mdat} sizes within 32 bits. */
    public static final long MAX_FRAGMENT_BYTES_LIMIT = 1L << 30;
    /** Longest allowed fragment duration. */
    public static final Duration MAX_FRAGMENT_DURATION = Duration.ofMinutes(1);

    public SegmentWriterOptions {
        Objects.requireNonNull(fragmentDuration, "fragmentDuration");
        Objects.requireNonNull(fsync, "fsync");
        if (fragmentDuration.isNegative() || fragmentDuration.isZero()
                || fragmentDuration.compareTo(MAX_FRAGMENT_DURATION) > 0) {
            throw new IllegalArgumentException("fragmentDuration must be in (0, " + MAX_FRAGMENT_DURATION + "]: "
                    + fragmentDuration);
        }
        if (maxFragmentBytes <= 0 || maxFragmentBytes > MAX_FRAGMENT_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxFragmentBytes must be in (0, " + MAX_FRAGMENT_BYTES_LIMIT + "]: "
                    + maxFragmentBytes);
        }
    }

    /** The defaults: 1 s fragments, fsync each fragment, 32 MiB per fragment. */
    public static SegmentWriterOptions defaults() {
        return new SegmentWriterOptions(DEFAULT_FRAGMENT_DURATION, FsyncPolicy.EACH_FRAGMENT,
                DEFAULT_MAX_FRAGMENT_BYTES);
    }

    /** The fragment duration in 90 kHz ticks. */
    public long fragmentDuration90k() {
        return fragmentDuration.toNanos() * 9 / 100_000;
    }
}
