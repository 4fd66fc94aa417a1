/**
 * Recording: the {@code Recorder} turns a stream hub's items into segments; {@link org.nvr.core.record.SegmentSink}
 * and {@link org.nvr.core.record.RecordingIndex} are implemented by nvr-storage.
 */
package org.nvr.core.record;
