package org.nvr.core.record;

import java.time.Instant;

/**
 * What a camera has on disk.
 *
 * @param first    start of its oldest segment
 * @param last     end of its newest segment
 * @param bytes    total segment bytes
 * @param segments number of segments
 */
public record RecordedSpan(Instant first, Instant last, long bytes, long segments) {
}
