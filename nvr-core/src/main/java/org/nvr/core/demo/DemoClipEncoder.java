package org.nvr.core.demo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.VideoEncoder;
import org.jcodec.common.model.Picture;
import org.nvr.core.h264.AnnexB;

/**
 * Encodes {@link DemoPainter}'s pictures with JCodec's H.264 encoder.
 *
 * <p>What JCodec 0.2.5 emits (checked with ffprobe): an Annex B byte stream with 4-byte start codes, Baseline
 * profile (level 4.0), one slice per picture, P-frames only between IDRs, and SPS plus PPS before every IDR.
 * {@code setKeyInterval} sets the GOP. Its default rate control ({@code DumbRateControl}) starts each picture
 * near a fixed QP and raises it only when a picture would overflow its buffer, so the bit rate follows the
 * picture's content (about 1 Mbit/s for the default 640x360 clip).
 */
final class DemoClipEncoder {

    private static final int MAX_WIDTH = 1920;
    private static final int MAX_HEIGHT = 1088;
    private static final int MAX_FRAMES = 3000;

    private final int width;
    private final int height;
    private final int frames;
    private final int gopFrames;

    DemoClipEncoder(int width, int height, int frames, int gopFrames) {
        if (width < 32 || width > MAX_WIDTH || height < 32 || height > MAX_HEIGHT || width % 2 != 0
                || height % 2 != 0) {
            throw new IllegalArgumentException("picture size " + width + "x" + height
                    + " is not even and within 32x32.." + MAX_WIDTH + "x" + MAX_HEIGHT);
        }
        if (frames < 1 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException("frames " + frames + " is not in 1.." + MAX_FRAMES);
        }
        if (gopFrames < 1 || gopFrames > frames) {
            throw new IllegalArgumentException("gopFrames " + gopFrames + " is not in 1.." + frames);
        }
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.gopFrames = gopFrames;
    }

    List<DemoClip.Frame> encode() {
        H264Encoder encoder = H264Encoder.createH264Encoder();
        encoder.setKeyInterval(gopFrames);
        DemoPainter painter = new DemoPainter(width, height, frames);
        List<DemoClip.Frame> out = new ArrayList<>(frames);
        ByteBuffer buffer = null;
        for (int i = 0; i < frames; i++) {
            Picture picture = painter.paint(i);
            if (buffer == null) {
                buffer = ByteBuffer.allocate(encoder.estimateBufferSize(picture));
            }
            buffer.clear();
            VideoEncoder.EncodedFrame encoded = encoder.encodeFrame(picture, buffer);
            ByteBuffer data = encoded.getData();
            byte[] annexB = new byte[data.remaining()];
            data.get(annexB);
            DemoAnnexBFraming.check(annexB, "JCodec frame " + i);
            List<byte[]> nalus = AnnexB.split(annexB);
            out.add(new DemoClip.Frame(encoded.isKeyFrame(), nalus));
        }
        return out;
    }
}
