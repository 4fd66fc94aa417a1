package org.nvr.core.demo;

import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * Draws the demo camera's pictures: a gradient, a box that moves across it, a progress bar, and the word DEMO
 * in big block letters, so a person looking at a recording sees at once that it came from the test source.
 *
 * <p>Pixels are written straight into a JCodec YUV 4:2:0 picture (JCodec keeps samples as {@code value - 128}
 * in signed bytes). Levels stay within video range (luma 16..235) because the encoder writes no VUI and
 * decoders then assume limited range.
 */
final class DemoPainter {

    /** 5x7 block glyphs for D, E, M and O; '#' is a filled cell. */
    private static final String[][] GLYPHS = {
        {"####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."},
        {"#####", "#....", "#....", "####.", "#....", "#....", "#####"},
        {"#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"},
        {".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."},
    };
    private static final int GLYPH_COLUMNS = 5;
    private static final int GLYPH_ROWS = 7;
    /** Letters plus one-cell gaps between them, plus a one-cell margin of the backing plate on each side. */
    private static final int TEXT_COLUMNS = GLYPHS.length * GLYPH_COLUMNS + (GLYPHS.length - 1) + 2;
    private static final int TEXT_ROWS = GLYPH_ROWS + 2;

    private static final int LUMA_BLACK = 16;
    private static final int LUMA_WHITE = 235;
    private static final int CHROMA_NEUTRAL = 128;

    private final int width;
    private final int height;
    private final int frames;

    DemoPainter(int width, int height, int frames) {
        this.width = width;
        this.height = height;
        this.frames = frames;
    }

    /** Picture number {@code index} of {@code frames}: the box position and the progress bar follow it. */
    Picture paint(int index) {
        Picture picture = Picture.create(width, height, ColorSpace.YUV420J);
        paintBackground(picture);
        int boxSize = Math.max(8, height / 4) & ~1;
        int travel = Math.max(1, width - boxSize);
        // Bounce left to right and back over the clip, so the loop has no jump.
        int phase = (int) ((long) index * 2 * travel / Math.max(1, frames));
        int boxX = (phase <= travel ? phase : 2 * travel - phase) & ~1;
        int boxY = (height / 16) & ~1;
        fill(picture, boxX, boxY, boxSize, boxSize, 210, 16, 146); // yellow
        int barHeight = Math.max(2, height / 36) & ~1;
        fill(picture, 0, height - barHeight, (int) ((long) width * (index + 1) / frames) & ~1, barHeight,
                LUMA_WHITE, CHROMA_NEUTRAL, CHROMA_NEUTRAL);
        paintDemoText(picture);
        return picture;
    }

    private void paintBackground(Picture picture) {
        byte[] luma = picture.getPlaneData(0);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                luma[y * width + x] = sample(40 + 120 * x / width);
            }
        }
        int chromaWidth = width / 2;
        int chromaHeight = height / 2;
        byte[] cb = picture.getPlaneData(1);
        byte[] cr = picture.getPlaneData(2);
        for (int y = 0; y < chromaHeight; y++) {
            for (int x = 0; x < chromaWidth; x++) {
                cb[y * chromaWidth + x] = sample(160 - 40 * y / chromaHeight);
                cr[y * chromaWidth + x] = sample(110 + 30 * x / chromaWidth);
            }
        }
    }

    private void paintDemoText(Picture picture) {
        int cell = Math.max(2, Math.min(width * 3 / 4 / TEXT_COLUMNS, height / 2 / TEXT_ROWS)) & ~1;
        int left = ((width - TEXT_COLUMNS * cell) / 2) & ~1;
        int top = ((height - TEXT_ROWS * cell) * 3 / 5) & ~1;
        fill(picture, left, top, TEXT_COLUMNS * cell, TEXT_ROWS * cell, LUMA_BLACK, CHROMA_NEUTRAL, CHROMA_NEUTRAL);
        for (int letter = 0; letter < GLYPHS.length; letter++) {
            int letterLeft = left + cell * (1 + letter * (GLYPH_COLUMNS + 1));
            for (int row = 0; row < GLYPH_ROWS; row++) {
                String line = GLYPHS[letter][row];
                for (int column = 0; column < GLYPH_COLUMNS; column++) {
                    if (line.charAt(column) == '#') {
                        fill(picture, letterLeft + column * cell, top + cell * (1 + row), cell, cell,
                                LUMA_WHITE, CHROMA_NEUTRAL, CHROMA_NEUTRAL);
                    }
                }
            }
        }
    }

    /** Fills a rectangle (clipped to the picture); x, y, w, h even so chroma lines up. */
    private void fill(Picture picture, int x, int y, int w, int h, int luma, int cb, int cr) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        byte[] lumaPlane = picture.getPlaneData(0);
        for (int row = y0; row < y1; row++) {
            for (int column = x0; column < x1; column++) {
                lumaPlane[row * width + column] = sample(luma);
            }
        }
        int chromaWidth = width / 2;
        byte[] cbPlane = picture.getPlaneData(1);
        byte[] crPlane = picture.getPlaneData(2);
        for (int row = y0 / 2; row < y1 / 2; row++) {
            for (int column = x0 / 2; column < x1 / 2; column++) {
                cbPlane[row * chromaWidth + column] = sample(cb);
                crPlane[row * chromaWidth + column] = sample(cr);
            }
        }
    }

    private static byte sample(int value) {
        return (byte) (value - 128);
    }
}
