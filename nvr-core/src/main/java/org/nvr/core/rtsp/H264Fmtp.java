package org.nvr.core.rtsp;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.nvr.core.model.MalformedInputException;

/**
 * The H.264 {@code a=fmtp} parameters an RTP receiver needs (RFC 6184 §8.1).
 *
 * @param packetizationMode 0 (single NAL), 1 (non-interleaved) or 2 (interleaved); 0 when absent (RFC 6184 §8.1)
 * @param sps               the first sequence parameter set NAL unit (type 7) of {@code sprop-parameter-sets},
 *                          without start code; empty when absent (the camera then sends it in-band)
 * @param pps               the first picture parameter set NAL unit (type 8), likewise
 * @param profileLevelId    {@code profile-level-id} as written (6 hex digits), empty when absent
 */
public record H264Fmtp(int packetizationMode, byte[] sps, byte[] pps, String profileLevelId) {

    private static final int NAL_TYPE_SPS = 7;
    private static final int NAL_TYPE_PPS = 8;

    public H264Fmtp {
        if (packetizationMode < 0 || packetizationMode > 2) {
            throw new IllegalArgumentException("packetizationMode " + packetizationMode + " not in 0..2");
        }
        sps = Objects.requireNonNull(sps, "sps").clone();
        pps = Objects.requireNonNull(pps, "pps").clone();
        Objects.requireNonNull(profileLevelId, "profileLevelId");
    }

    /**
     * Parses the parameters of an {@code a=fmtp} line (after the payload type), e.g.
     * {@code packetization-mode=1;profile-level-id=42c015;sprop-parameter-sets=Z0LAFdoF...,aM48gA==}.
     * Parameter names are case-insensitive; unknown ones are ignored.
     *
     * @throws MalformedInputException if {@code packetization-mode} is not 0, 1 or 2, or a parameter set is not
     *                                 base64
     */
    public static H264Fmtp parse(String fmtpParams) {
        Objects.requireNonNull(fmtpParams, "fmtpParams");
        int mode = 0;
        byte[] sps = new byte[0];
        byte[] pps = new byte[0];
        String profileLevelId = "";
        for (String param : fmtpParams.split(";")) {
            int eq = param.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = param.substring(eq + 1).strip();
            switch (name) {
                case "packetization-mode":
                    mode = parseMode(value);
                    break;
                case "profile-level-id":
                    profileLevelId = value;
                    break;
                case "sprop-parameter-sets":
                    // RFC 6184 §8.1: comma-separated base64 NAL units. Some cameras list several SPS/PPS
                    // (one per resolution) or put the PPS first: take the first of each type.
                    for (String item : value.split(",")) {
                        byte[] nal = decodeBase64(item);
                        if (nal.length == 0) {
                            continue;
                        }
                        int type = nal[0] & 0x1f;
                        if (type == NAL_TYPE_SPS && sps.length == 0) {
                            sps = nal;
                        } else if (type == NAL_TYPE_PPS && pps.length == 0) {
                            pps = nal;
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        return new H264Fmtp(mode, sps, pps, profileLevelId);
    }

    @Override
    public byte[] sps() {
        return sps.clone();
    }

    @Override
    public byte[] pps() {
        return pps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof H264Fmtp other && other.packetizationMode == packetizationMode
                && Arrays.equals(other.sps, sps) && Arrays.equals(other.pps, pps)
                && other.profileLevelId.equals(profileLevelId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(packetizationMode, Arrays.hashCode(sps), Arrays.hashCode(pps), profileLevelId);
    }

    @Override
    public String toString() {
        return "H264Fmtp[packetizationMode=" + packetizationMode + ", sps=" + HexFormat.of().formatHex(sps)
                + ", pps=" + HexFormat.of().formatHex(pps) + ", profileLevelId=" + profileLevelId + "]";
    }

    private static int parseMode(String value) {
        if (value.length() == 1 && value.charAt(0) >= '0' && value.charAt(0) <= '2') {
            return value.charAt(0) - '0';
        }
        throw new MalformedInputException("H.264 fmtp packetization-mode '" + abbreviate(value)
                + "' is not 0, 1 or 2");
    }

    /** Base64 (RFC 4648 §4) with the padding optional, as some cameras drop or garble it. */
    private static byte[] decodeBase64(String item) {
        String text = item.strip();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        String unpadded = text.substring(0, end);
        if (unpadded.length() % 4 == 1) {
            throw new MalformedInputException("H.264 sprop-parameter-sets item '" + abbreviate(text)
                    + "' is not base64: 4n+1 characters");
        }
        try {
            return Base64.getDecoder().decode(unpadded);
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException("H.264 sprop-parameter-sets item '" + abbreviate(text)
                    + "' is not base64", e);
        }
    }

    private static String abbreviate(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
