package org.nvr.core.snapshot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes RGB images as baseline JPEG (JFIF) with the JDK's ImageIO writer, in memory. Thread-safe. */
public final class JpegEncoder {
    /** Default quality: small files, text on the picture still readable. */
    public static final float DEFAULT_QUALITY = 0.85f;

    private final float quality;

    /** @param quality ImageIO's JPEG quality, 0.1..1.0 */
    public JpegEncoder(float quality) {
        if (!(quality >= 0.1f && quality <= 1.0f)) {
            throw new IllegalArgumentException("JPEG quality " + quality + " is not within 0.1..1.0");
        }
        this.quality = quality;
    }

    /** The JPEG file of {@code image}. */
    public byte[] encode(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO JPEG writer");
        }
        ImageWriter writer = writers.next();
        // Roughly a tenth of the raw size is typical for camera pictures at this quality.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                Math.max(1024, image.getWidth() * image.getHeight() / 4));
        // In memory: ImageIO's default output stream may spill to a temporary file.
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            // Only the memory stream is written to, which does not fail for I/O reasons.
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
