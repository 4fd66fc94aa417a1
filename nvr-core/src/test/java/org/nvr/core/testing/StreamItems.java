package org.nvr.core.testing;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.Gap;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.stream.StreamHub;

/**
 * Stream items for tests of code that carries access units without decoding them (the stream hub, the
 * recorder): a 25 frames/s stream, frame {@code n} at pts90k {@code n * 3600} and wall clock T0 + 40 ms * n.
 * That code never looks inside NAL units, so units carry the first bytes of real slices; the parameter sets are
 * whole.
 *
 * <p>Source: {@code ffmpeg -f lavfi -i testsrc2=size=1280x720:rate=25 -frames:v 3 -c:v libx264 -g 50 -bf 0
 * -f h264} (libx264, ffmpeg 5.1, Debian 12), split at its Annex-B start codes.
 */
public final class StreamItems {
    public static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    /** 90 kHz ticks per frame at 25 frames/s. */
    public static final long FRAME_90K = 3600;

    /** Frames per GOP in {@link #frame(long)}: one keyframe every 2 s. */
    public static final int GOP = 50;

    private static final HexFormat HEX = HexFormat.of();

    public static final byte[] SPS = HEX.parseHex(
            // NAL header: forbidden_zero_bit 0, nal_ref_idc 3, nal_unit_type 7 (SPS)
            "67"
            // profile_idc 100 (High), constraint_set flags 0, level_idc 31 (3.1)
            + "64001f"
            // Exp-Golomb fields: sps_id 0, chroma_format_idc 1 (4:2:0), 8-bit, no scaling matrix,
            // log2_max_frame_num 4, pic_order_cnt_type 2, max_num_ref_frames 3, 80x45 macroblocks (1280x720),
            // frame_mbs_only, direct_8x8_inference, no cropping, then the VUI (timing info); the 03 bytes
            // are emulation prevention (H.264 §7.4.1)
            + "acb200a00b760220000003002000000641e30649");

    public static final byte[] PPS = HEX.parseHex(
            // NAL header: nal_ref_idc 3, nal_unit_type 8 (PPS)
            "68"
            // Exp-Golomb fields: pps_id 0, sps_id 0, entropy_coding_mode_flag 1 (CABAC), ...
            + "ebc3cb22c0");

    /** First 8 bytes of the IDR slice: NAL header 0x65 (nal_ref_idc 3, type 5), then the slice header. */
    public static final byte[] IDR_SLICE_START = HEX.parseHex("65" + "8884087fd3d667");

    /** First 8 bytes of a P slice: NAL header 0x41 (nal_ref_idc 2, type 1), then the slice header. */
    public static final byte[] P_SLICE_START = HEX.parseHex("41" + "9a3b1097d05d88");

    private StreamItems() {
    }

    public static VideoParameters parameters() {
        return new VideoParameters(SPS, PPS, 1280, 720, 100, 31);
    }

    /** The same SPS with level_idc 40 instead of 31: a different parameter set. */
    public static VideoParameters otherParameters() {
        byte[] sps = SPS.clone();
        sps[3] = 40;
        return new VideoParameters(sps, PPS, 1280, 720, 100, 40);
    }

    /** Whether frame {@code n} is a keyframe in {@link #frame(long)}: one every {@value #GOP} frames. */
    public static boolean isKey(long n) {
        return n % GOP == 0;
    }

    /** Frame {@code n} with a keyframe every {@value #GOP} frames. */
    public static AccessUnit frame(long n) {
        return frame(n, n * FRAME_90K);
    }

    /** Frame {@code n} with the given pts (for timestamp jumps); wall clock and keyframes as {@link #frame}. */
    public static AccessUnit frame(long n, long pts90k) {
        return unit(n, pts90k, isKey(n), slice(isKey(n)));
    }

    /** Frame {@code n} as a keyframe, whatever its place in the GOP. */
    public static AccessUnit key(long n) {
        return unit(n, n * FRAME_90K, true, slice(true));
    }

    /** Frame {@code n} as a delta frame, whatever its place in the GOP. */
    public static AccessUnit delta(long n) {
        return unit(n, n * FRAME_90K, false, slice(false));
    }

    /** A frame whose one NAL unit has {@code payloadBytes} bytes: the slice start, then zero padding. */
    public static AccessUnit sized(long n, boolean keyframe, int payloadBytes) {
        return unit(n, n * FRAME_90K, keyframe, Arrays.copyOf(slice(keyframe), payloadBytes));
    }

    /** Wall time of frame {@code n}. */
    public static Instant wall(long n) {
        return T0.plusMillis(40 * n);
    }

    /** A gap from {@code startSecond} to {@code endSecond} after {@link #T0}. */
    public static Gap gap(int startSecond, int endSecond, GapCause cause) {
        return new Gap(T0.plusSeconds(startSecond), T0.plusSeconds(endSecond), cause,
                "test gap " + startSecond + "-" + endSecond);
    }

    /** Publishes frames {@code from} (inclusive) to {@code to} (exclusive) as {@link #frame(long)} makes them. */
    public static void publishFrames(StreamHub hub, long from, long to) {
        for (long n = from; n < to; n++) {
            hub.publish(frame(n));
        }
    }

    private static byte[] slice(boolean keyframe) {
        return keyframe ? IDR_SLICE_START : P_SLICE_START;
    }

    private static AccessUnit unit(long n, long pts90k, boolean keyframe, byte[] nalu) {
        return new AccessUnit(pts90k, wall(n), ClockSource.RTCP_SR, keyframe, List.of(nalu));
    }
}
