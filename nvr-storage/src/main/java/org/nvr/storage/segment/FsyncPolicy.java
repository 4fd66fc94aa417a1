package org.nvr.storage.segment;

/** When a segment writer makes written fragments durable. */
public enum FsyncPolicy {
    /**
     * {@code fdatasync} after every fragment: a crash loses at most the fragment being written (DESIGN.md,
     * "Durability"). The default.
     */
    EACH_FRAGMENT,
    /**
     * Never during writing, only at {@code finish}: a crash may lose the whole segment. For benchmarks that
     * measure the writer without the disk.
     */
    NONE
}
