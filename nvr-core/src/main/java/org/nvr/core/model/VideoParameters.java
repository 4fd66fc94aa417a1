package org.nvr.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * H.264 codec parameters of a stream: the SPS and PPS (without start codes) and what the SPS says.
 *
 * @param sps        sequence parameter set NAL unit (type 7), header byte included
 * @param pps        picture parameter set NAL unit (type 8), header byte included
 * @param width      coded picture width in pixels after cropping
 * @param height     coded picture height in pixels after cropping
 * @param profileIdc {@code profile_idc} (66 baseline, 77 main, 100 high ...)
 * @param levelIdc   {@code level_idc} (31 = level 3.1)
 */
public record VideoParameters(byte[] sps, byte[] pps, int width, int height, int profileIdc, int levelIdc)
        implements StreamItem {

    public VideoParameters {
        Objects.requireNonNull(sps, "sps");
        Objects.requireNonNull(pps, "pps");
        if (sps.length < 4 || (sps[0] & 0x1f) != 7) {
            throw new IllegalArgumentException("sps is not a sequence parameter set NAL unit");
        }
        if (pps.length < 2 || (pps[0] & 0x1f) != 8) {
            throw new IllegalArgumentException("pps is not a picture parameter set NAL unit");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad picture size " + width + "x" + height);
        }
        sps = sps.clone();
        pps = pps.clone();
    }

    @Override
    public byte[] sps() {
        return sps.clone();
    }

    @Override
    public byte[] pps() {
        return pps.clone();
    }

    /** RFC 6381 codec string, e.g. {@code avc1.64001f}: profile_idc, constraint flags, level_idc from the SPS. */
    public String rfc6381Codec() {
        return String.format("avc1.%02x%02x%02x", sps[1] & 0xff, sps[2] & 0xff, sps[3] & 0xff);
    }

    /** True when both parameter sets are byte-for-byte the same (a change of either starts a new segment). */
    public boolean sameSets(VideoParameters other) {
        return other != null && Arrays.equals(sps, other.sps) && Arrays.equals(pps, other.pps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoParameters v && sameSets(v) && width == v.width && height == v.height
                && profileIdc == v.profileIdc && levelIdc == v.levelIdc;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(sps) + Arrays.hashCode(pps);
    }

    @Override
    public String toString() {
        return "VideoParameters[" + width + "x" + height + ", " + rfc6381Codec() + "]";
    }
}
