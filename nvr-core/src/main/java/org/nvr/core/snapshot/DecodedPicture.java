package org.nvr.core.snapshot;

import java.util.Objects;
import org.jcodec.common.model.Picture;

/**
 * A keyframe decoded by {@link KeyframeDecoder}.
 *
 * @param picture the decoder's picture (planar YUV 4:2:0, crop set to the visible area)
 * @param range   how its samples are scaled, as the SPS says
 */
public record DecodedPicture(Picture picture, YuvToRgb.Range range) {
    public DecodedPicture {
        Objects.requireNonNull(picture, "picture");
        Objects.requireNonNull(range, "range");
    }
}
