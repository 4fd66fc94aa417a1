package org.nvr.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Rect;
import org.junit.jupiter.api.Test;
import org.nvr.core.snapshot.YuvToRgb.Range;

class YuvToRgbTest {
    private final KeyframeDecoder decoder = new KeyframeDecoder(4096, 4096);

    @Test
    void limitedRangeBlackWhiteAndGreyAreExact() {
        // BT.601 limited range: Y 16 is black, Y 235 white, chroma 128 neutral.
        assertThat(YuvToRgb.pixel(16, 128, 128, Range.LIMITED)).isEqualTo(0x000000);
        assertThat(YuvToRgb.pixel(235, 128, 128, Range.LIMITED)).isEqualTo(0xffffff);
        // Y 126 = 16 + 219 * 128 / 255 (mid grey): 1.164383 * 110 = 128.08.
        assertThat(YuvToRgb.pixel(126, 128, 128, Range.LIMITED)).isEqualTo(0x808080);
        // Below black and above white clamp rather than wrap.
        assertThat(YuvToRgb.pixel(0, 128, 128, Range.LIMITED)).isEqualTo(0x000000);
        assertThat(YuvToRgb.pixel(255, 128, 128, Range.LIMITED)).isEqualTo(0xffffff);
    }

    @Test
    void fullRangeBlackWhiteAndGreyAreExact() {
        assertThat(YuvToRgb.pixel(0, 128, 128, Range.FULL)).isEqualTo(0x000000);
        assertThat(YuvToRgb.pixel(255, 128, 128, Range.FULL)).isEqualTo(0xffffff);
        assertThat(YuvToRgb.pixel(128, 128, 128, Range.FULL)).isEqualTo(0x808080);
    }

    @Test
    void primariesOfTheBt601TablesComeBackWithinOneStep() {
        // Limited-range Y'CbCr of 100% red, green and blue (ITU-R BT.601 §2.5.1 rounded: Y = 16 + 219 Y',
        // Cb/Cr = 128 + 224 (B' - Y') / 1.772 and (R' - Y') / 1.402).
        assertRgb(YuvToRgb.pixel(81, 90, 240, Range.LIMITED), 255, 0, 0, 1);
        assertRgb(YuvToRgb.pixel(145, 54, 34, Range.LIMITED), 0, 255, 0, 1);
        assertRgb(YuvToRgb.pixel(41, 240, 110, Range.LIMITED), 0, 0, 255, 1);
        // Full range (JFIF, ITU-T T.871 §7): Y = 0.299 R + 0.587 G + 0.114 B, Cb/Cr offset by 128, clipped.
        assertRgb(YuvToRgb.pixel(76, 85, 255, Range.FULL), 255, 0, 0, 1);
        assertRgb(YuvToRgb.pixel(150, 44, 21, Range.FULL), 0, 255, 0, 1);
        assertRgb(YuvToRgb.pixel(29, 255, 107, Range.FULL), 0, 0, 255, 1);
    }

    @Test
    void jcodecEncodedSolidColoursDecodeToTheirRgbWithinTolerance() {
        // 100% red, green, blue, and a mid orange (R 230, G 120, B 30: Y 138, Cb 72, Cr 183 by the same formulas).
        int[][] samples = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {138, 72, 183}};
        int[][] rgb = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {230, 120, 30}};
        for (int i = 0; i < samples.length; i++) {
            DecodedPicture decoded = decoder.decode(null, SolidFrames.keyframe(64, 48, samples[i][0],
                    samples[i][1], samples[i][2]));
            assertThat(decoded.range()).isEqualTo(Range.LIMITED);
            BufferedImage image = YuvToRgb.convert(decoded.picture(), decoded.range());
            assertThat(image.getWidth()).isEqualTo(64);
            assertThat(image.getHeight()).isEqualTo(48);
            for (int[] at : new int[][] {{0, 0}, {63, 47}, {31, 20}}) {
                // Lossy coding moves a flat colour by a few levels at most.
                assertRgb(image.getRGB(at[0], at[1]) & 0xffffff, rgb[i][0], rgb[i][1], rgb[i][2], 6);
            }
        }
    }

    @Test
    void onlyTheCroppedAreaIsConvertedWithChromaOfItsOwnBlock() {
        // 4x4 picture: left half Y 16 (black), right half Y 235 (white); crop to the 2x2 block at (2, 2).
        Picture picture = Picture.createCropped(4, 4, ColorSpace.YUV420, new Rect(2, 2, 2, 2));
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 4; column++) {
                picture.getPlaneData(0)[row * 4 + column] = (byte) ((column < 2 ? 16 : 235) - 128);
            }
        }
        // Chroma 2x2: neutral except the bottom-right sample, which is red's (Cb 90, Cr 240).
        byte[] cb = picture.getPlaneData(1);
        byte[] cr = picture.getPlaneData(2);
        Arrays.fill(cb, (byte) 0);
        Arrays.fill(cr, (byte) 0);
        cb[3] = (byte) (90 - 128);
        cr[3] = (byte) (240 - 128);
        BufferedImage image = YuvToRgb.convert(picture, Range.LIMITED);
        assertThat(image.getWidth()).isEqualTo(2);
        assertThat(image.getHeight()).isEqualTo(2);
        // White luma with red's chroma: red channel saturates, green and blue drop.
        int pixel = image.getRGB(0, 0) & 0xffffff;
        assertThat(pixel >> 16).isEqualTo(255);
        assertThat(pixel & 0xff).isLessThan(200);
        assertThat(image.getRGB(1, 1)).isEqualTo(image.getRGB(0, 0));
    }

    @Test
    void refusesOtherColourSpaces() {
        assertThatThrownBy(() -> YuvToRgb.convert(Picture.create(4, 4, ColorSpace.YUV444), Range.FULL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4:2:0");
    }

    private static void assertRgb(int rgb, int r, int g, int b, int tolerance) {
        assertThat(rgb >> 16 & 0xff).as("red of %06x", rgb).isCloseTo(r, offset(tolerance));
        assertThat(rgb >> 8 & 0xff).as("green of %06x", rgb).isCloseTo(g, offset(tolerance));
        assertThat(rgb & 0xff).as("blue of %06x", rgb).isCloseTo(b, offset(tolerance));
    }
}
