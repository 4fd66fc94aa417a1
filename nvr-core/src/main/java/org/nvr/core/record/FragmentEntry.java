package org.nvr.core.record;

/**
 * One entry of a segment's seek index: where a fragment ({@code moof}+{@code mdat}) starts in the file.
 *
 * @param startOffset90k   media time of the fragment's first sample from the segment start, in 90 kHz ticks
 * @param byteOffset       file offset of the fragment's {@code moof} box
 * @param byteLength       bytes of {@code moof}+{@code mdat}
 * @param frames           samples in the fragment
 * @param startsWithKeyframe true when its first sample is an IDR (playback can start there)
 */
public record FragmentEntry(long startOffset90k, long byteOffset, long byteLength, int frames,
                            boolean startsWithKeyframe) {
    public FragmentEntry {
        if (startOffset90k < 0 || byteOffset < 0 || byteLength <= 0 || frames <= 0) {
            throw new IllegalArgumentException("bad fragment entry: offset90k=" + startOffset90k + ", byteOffset="
                    + byteOffset + ", byteLength=" + byteLength + ", frames=" + frames);
        }
    }
}
