/**
 * Retention: deletes the oldest segments by age, per-camera quota, total quota and free disk space, through the
 * deletion protocol of {@link org.nvr.storage.lifecycle.SegmentDeleter}.
 */
package org.nvr.storage.retention;
