package org.nvr.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Drops files from the Linux page cache without root: {@code dd if=FILE iflag=nocache count=0} asks
 * {@code posix_fadvise(POSIX_FADV_DONTNEED)} for the whole file, which evicts its clean pages (GNU coreutils dd,
 * "nocache"). The next read of the file goes to the disk.
 */
final class PageCache {
    private static final long TIMEOUT_SECONDS = 30;

    private PageCache() {
    }

    static void evict(Set<Path> files) throws IOException, InterruptedException {
        for (Path file : files) {
            Process dd = new ProcessBuilder(List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none"))
                    .inheritIO().start();
            if (!dd.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || dd.exitValue() != 0) {
                dd.destroyForcibly();
                throw new IOException("dd could not drop " + file + " from the page cache");
            }
        }
    }
}
