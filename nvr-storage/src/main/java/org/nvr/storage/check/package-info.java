/**
 * {@code nvr check}: verifies that the index and the segment files agree
 * ({@link org.nvr.storage.check.StorageCheck#verify}), optionally reading every file, and rebuilds missing index
 * rows from the self-describing files ({@link org.nvr.storage.check.StorageCheck#rebuild}).
 */
package org.nvr.storage.check;
