/**
 * Reads recorded video back: the segment files' fragments parsed sample by sample ({@link
 * org.nvr.storage.playback.SegmentSampleReader}) and a {@link org.nvr.core.playback.RecordingReader} over the index
 * that crosses segment boundaries and gaps ({@link org.nvr.storage.playback.IndexRecordingReader}).
 */
package org.nvr.storage.playback;
