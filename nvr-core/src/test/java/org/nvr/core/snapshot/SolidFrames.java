package org.nvr.core.snapshot;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;
import org.nvr.core.h264.AnnexB;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;

/** Keyframes of one solid colour, encoded by JCodec's H.264 encoder (Baseline, SPS and PPS in band). */
final class SolidFrames {
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private SolidFrames() {
    }

    /** An IDR access unit of a {@code width} x {@code height} picture of the given 8-bit Y, Cb, Cr samples. */
    static AccessUnit keyframe(int width, int height, int y, int cb, int cr) {
        // JCodec's encoder takes only YUV420J; it writes no VUI, so the stream is limited range as H.264 says.
        Picture picture = Picture.create(width, height, ColorSpace.YUV420J);
        // JCodec keeps samples as value - 128.
        Arrays.fill(picture.getPlaneData(0), (byte) (y - 128));
        Arrays.fill(picture.getPlaneData(1), (byte) (cb - 128));
        Arrays.fill(picture.getPlaneData(2), (byte) (cr - 128));
        H264Encoder encoder = H264Encoder.createH264Encoder();
        ByteBuffer out = ByteBuffer.allocate(encoder.estimateBufferSize(picture));
        ByteBuffer data = encoder.encodeFrame(picture, out).getData();
        byte[] annexB = new byte[data.remaining()];
        data.get(annexB);
        List<byte[]> nalus = AnnexB.split(annexB);
        return new AccessUnit(0, T0, ClockSource.RTCP_SR, true, nalus);
    }
}
