package org.nvr.core.record;

/**
 * Where to start reading to play from a given time: the segment, and the last fragment starting with a keyframe
 * at or before that time.
 *
 * @param segment  the segment
 * @param fragment the fragment
 */
public record FragmentLocation(SegmentRow segment, FragmentEntry fragment) {
}
