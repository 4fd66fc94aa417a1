package org.nvr.storage.retention;

/** Why retention deleted a segment; {@link #tag()} is the {@code reason} tag of the deletion metrics. */
public enum RetentionReason {
    /** Ended longer ago than the camera's (or the global) maximum age. */
    MAX_AGE("max_age"),
    /** The camera's segments exceeded its byte quota. */
    CAMERA_QUOTA("camera_quota"),
    /** All segments together exceeded the total byte quota. */
    TOTAL_QUOTA("total_quota"),
    /** The file system had less usable space than the configured minimum. */
    MIN_FREE("min_free");

    private final String tag;

    RetentionReason(String tag) {
        this.tag = tag;
    }

    /** The metric tag and log word. */
    public String tag() {
        return tag;
    }
}
