package org.nvr.storage.lifecycle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A count of files or rows found in some state, with the first of them listed. A store of 200 cameras holds
 * millions of segments, so a report never lists all of them: the log has every one (each is logged as found).
 *
 * @param count how many were found
 * @param paths the first ones found, at most the collector's bound, relative to the recordings root
 */
public record Findings(long count, List<Path> paths) {
    /** Paths listed per kind by default. */
    public static final int DEFAULT_MAX_LISTED = 1000;
    /** Nothing found. */
    public static final Findings NONE = new Findings(0, List.of());

    public Findings {
        Objects.requireNonNull(paths, "paths");
        paths = List.copyOf(paths);
        if (count < paths.size()) {
            throw new IllegalArgumentException("count " + count + " < listed " + paths.size());
        }
    }

    /** True when nothing was found. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** "3" or "1200 (first 1000 listed)". */
    String countText() {
        return count == paths.size() ? Long.toString(count) : count + " (first " + paths.size() + " listed)";
    }

    /** Gathers findings of one kind, listing at most {@code maxListed}. Not thread-safe. */
    public static final class Collector {
        private final int maxListed;
        private final List<Path> paths = new ArrayList<>();
        private long count;

        /** @param maxListed paths kept in the list, at least 0 */
        public Collector(int maxListed) {
            if (maxListed < 0) {
                throw new IllegalArgumentException("maxListed must be >= 0: " + maxListed);
            }
            this.maxListed = maxListed;
        }

        /** Counts one, listing it while the list has room. */
        public void add(Path path) {
            count++;
            if (paths.size() < maxListed) {
                paths.add(path);
            }
        }

        /** What was gathered. */
        public Findings findings() {
            return new Findings(count, paths);
        }
    }
}
