/**
 * The recording index on H2: {@link org.nvr.storage.index.Database} (connection pool and Flyway migrations in
 * {@code db/migration}) and {@link org.nvr.storage.index.H2RecordingIndex}, nvr-core's
 * {@link org.nvr.core.record.RecordingIndex} plus what retention and {@code nvr check} need.
 */
package org.nvr.storage.index;
