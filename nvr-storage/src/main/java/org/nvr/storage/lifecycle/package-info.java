/**
 * Keeping segment files and their index rows in step (DESIGN.md, "Durability"; Moonfire NVR's design/schema.md,
 * "Lifecycle of a recording"): the deletion protocol ({@link org.nvr.storage.lifecycle.SegmentDeleter}), startup
 * recovery after a crash ({@link org.nvr.storage.lifecycle.StartupRecovery}), the quarantine for files that cannot
 * be indexed, and the bounded walk of the recordings tree that recovery and {@code nvr check} share.
 */
package org.nvr.storage.lifecycle;
