package org.nvr.core.snapshot;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * Converts a decoded 8-bit YUV 4:2:0 picture (JCodec planar, samples stored as {@code value - 128}) to RGB with the
 * ITU-R BT.601 matrix, in integer arithmetic, each chroma sample covering its 2x2 block of luma samples.
 *
 * <p>The range says how the samples are scaled: {@link Range#LIMITED} ("video" range, luma 16..235 and chroma
 * 16..240, what H.264 means unless the SPS's VUI sets {@code video_full_range_flag}, ITU-T H.264 §E.2.1) or
 * {@link Range#FULL} (0..255, JFIF and the cameras that set the flag).
 */
public final class YuvToRgb {
    /** How YUV samples are scaled. */
    public enum Range {
        /** Luma 16..235, chroma 16..240 (BT.601 "studio swing"). */
        LIMITED,
        /** Luma and chroma 0..255 (JFIF). */
        FULL
    }

    /** Fixed-point scale of the coefficients below: 16 fraction bits. */
    private static final int SHIFT = 16;
    private static final int HALF = 1 << (SHIFT - 1);

    // BT.601 limited range: R = 1.164 (Y - 16) + 1.596 (Cr - 128), G = 1.164 (Y - 16) - 0.392 (Cb - 128)
    // - 0.813 (Cr - 128), B = 1.164 (Y - 16) + 2.017 (Cb - 128); coefficients times 65536, rounded.
    private static final int LIMITED_Y = 76309;
    private static final int LIMITED_CR_R = 104597;
    private static final int LIMITED_CB_G = 25675;
    private static final int LIMITED_CR_G = 53279;
    private static final int LIMITED_CB_B = 132201;

    // BT.601 full range (JFIF, ITU-T T.871 §7): R = Y + 1.402 (Cr - 128), G = Y - 0.344136 (Cb - 128)
    // - 0.714136 (Cr - 128), B = Y + 1.772 (Cb - 128); times 65536, rounded.
    private static final int FULL_Y = 65536;
    private static final int FULL_CR_R = 91881;
    private static final int FULL_CB_G = 22554;
    private static final int FULL_CR_G = 46802;
    private static final int FULL_CB_B = 116130;

    private YuvToRgb() {
    }

    /**
     * The picture's visible (cropped) area as an RGB image.
     *
     * @throws IllegalArgumentException unless the picture is 8-bit planar YUV 4:2:0 ({@link ColorSpace#YUV420} or
     *                                  {@link ColorSpace#YUV420J})
     */
    public static BufferedImage convert(Picture picture, Range range) {
        Objects.requireNonNull(picture, "picture");
        Objects.requireNonNull(range, "range");
        ColorSpace color = picture.getColor();
        if ((color != ColorSpace.YUV420 && color != ColorSpace.YUV420J) || picture.isHiBD()) {
            throw new IllegalArgumentException("only 8-bit YUV 4:2:0 pictures are converted, not " + color);
        }
        int width = picture.getCroppedWidth();
        int height = picture.getCroppedHeight();
        int left = picture.getStartX();
        int top = picture.getStartY();
        byte[] luma = picture.getPlaneData(0);
        byte[] cb = picture.getPlaneData(1);
        byte[] cr = picture.getPlaneData(2);
        int lumaStride = picture.getPlaneWidth(0);
        int chromaStride = picture.getPlaneWidth(1);
        boolean full = range == Range.FULL;
        int yScale = full ? FULL_Y : LIMITED_Y;
        int yOffset = full ? 0 : 16;
        int crR = full ? FULL_CR_R : LIMITED_CR_R;
        int cbG = full ? FULL_CB_G : LIMITED_CB_G;
        int crG = full ? FULL_CR_G : LIMITED_CR_G;
        int cbB = full ? FULL_CB_B : LIMITED_CB_B;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            int lumaRow = (top + y) * lumaStride + left;
            int chromaRow = ((top + y) >> 1) * chromaStride;
            int out = y * width;
            for (int x = 0; x < width; x++) {
                // JCodec stores each sample as (value - 128): luma back to 0..255, chroma straight to Cb - 128.
                int yy = (luma[lumaRow + x] + 128 - yOffset) * yScale + HALF;
                int chroma = chromaRow + ((left + x) >> 1);
                int u = cb[chroma];
                int v = cr[chroma];
                int r = clamp((yy + crR * v) >> SHIFT);
                int g = clamp((yy - cbG * u - crG * v) >> SHIFT);
                int b = clamp((yy + cbB * u) >> SHIFT);
                rgb[out + x] = (r << 16) | (g << 8) | b;
            }
        }
        return image;
    }

    /**
     * One sample triple (each 0..255) as {@code 0xRRGGBB}: the same arithmetic as {@link #convert}, for checking
     * single colours.
     */
    public static int pixel(int y, int cb, int cr, Range range) {
        Picture one = Picture.create(2, 2, ColorSpace.YUV420);
        for (int i = 0; i < 4; i++) {
            one.getPlaneData(0)[i] = (byte) (y - 128);
        }
        one.getPlaneData(1)[0] = (byte) (cb - 128);
        one.getPlaneData(2)[0] = (byte) (cr - 128);
        return convert(one, range).getRGB(0, 0) & 0xffffff;
    }

    private static int clamp(int value) {
        return value < 0 ? 0 : Math.min(value, 255);
    }
}
