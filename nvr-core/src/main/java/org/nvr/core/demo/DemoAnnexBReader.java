package org.nvr.core.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nvr.core.model.MalformedInputException;

/**
 * A minimal Annex B reader for the demo camera's pre-encoded clips: splits a byte stream into NAL units and
 * groups them into access units. It stands in until the shared {@code org.nvr.core.h264.AnnexB} is merged.
 */
final class DemoAnnexBReader {

    private static final int NAL_SLICE = 1;
    private static final int NAL_IDR = 5;
    private static final int NAL_SEI = 6;
    private static final int NAL_AUD = 9;

    private DemoAnnexBReader() {
    }

    /** Reads {@code file} (at most {@code maxFileBytes}) into access units. */
    static List<DemoClip.Frame> read(Path file, long maxFileBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxFileBytes) {
            throw new MalformedInputException("H.264 file " + file + " has " + size + " bytes, more than the "
                    + maxFileBytes + " allowed");
        }
        byte[] bytes = Files.readAllBytes(file);
        return groupAccessUnits(splitNalUnits(bytes, file.toString()), file.toString());
    }

    /**
     * Splits an Annex B byte stream (ITU-T H.264 Annex B) at its 3- and 4-byte start codes. Zero bytes before a
     * start code are {@code trailing_zero_8bits} or the 4-byte code's leading zero (B.2) and are dropped.
     *
     * @param where names the source in error messages
     * @throws MalformedInputException if there is no start code, data before the first one, an empty NAL unit,
     *                                 or a NAL unit with its forbidden_zero_bit set
     */
    static List<byte[]> splitNalUnits(byte[] stream, String where) {
        int first = nextStartCode(stream, 0);
        if (first < 0) {
            throw new MalformedInputException(where + ": no Annex B start code (00 00 01)");
        }
        for (int i = 0; i < first; i++) {
            if (stream[i] != 0) {
                throw new MalformedInputException(where + ": data before the first start code");
            }
        }
        List<byte[]> nalus = new ArrayList<>();
        int start = first + 3;
        while (start <= stream.length) {
            int next = nextStartCode(stream, start);
            int end = next < 0 ? stream.length : next;
            int trimmed = end;
            while (trimmed > start && stream[trimmed - 1] == 0) {
                trimmed--;
            }
            if (trimmed == start) {
                throw new MalformedInputException(where + ": empty NAL unit at byte " + start);
            }
            if ((stream[start] & 0x80) != 0) {
                throw new MalformedInputException(where + ": NAL unit at byte " + start
                        + " has forbidden_zero_bit set");
            }
            nalus.add(Arrays.copyOfRange(stream, start, trimmed));
            if (next < 0) {
                break;
            }
            start = next + 3;
        }
        return nalus;
    }

    /**
     * Groups NAL units into access units (H.264 §7.4.1.2.3, simplified for streams without B-frames or
     * multiple slice groups): a new unit begins at an AUD, SPS, PPS or SEI that follows a slice, or at a slice
     * whose {@code first_mb_in_slice} is 0 (its ue(v) code is a single 1 bit, so the byte after the NAL header
     * has its top bit set).
     */
    static List<DemoClip.Frame> groupAccessUnits(List<byte[]> nalus, String where) {
        List<DemoClip.Frame> frames = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        boolean hasSlice = false;
        boolean keyframe = false;
        for (byte[] nalu : nalus) {
            int type = nalu[0] & 0x1f;
            boolean slice = type >= NAL_SLICE && type <= NAL_IDR;
            boolean startsUnit = slice
                    ? nalu.length > 1 && (nalu[1] & 0x80) != 0
                    : (type >= NAL_SEI && type <= NAL_AUD) || (type >= 14 && type <= 18);
            if (startsUnit && hasSlice) {
                frames.add(new DemoClip.Frame(keyframe, current));
                current = new ArrayList<>();
                hasSlice = false;
                keyframe = false;
            }
            current.add(nalu);
            hasSlice |= slice;
            keyframe |= type == NAL_IDR;
        }
        if (hasSlice) {
            frames.add(new DemoClip.Frame(keyframe, current));
        }
        if (frames.isEmpty()) {
            throw new MalformedInputException(where + ": no coded picture");
        }
        return frames;
    }

    /** Index of the next {@code 00 00 01} at or after {@code from}, or -1. */
    private static int nextStartCode(byte[] stream, int from) {
        for (int i = from; i + 2 < stream.length; i++) {
            if ((stream[i + 2] & 0xff) > 1) {
                i += 2;
            } else if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                return i;
            }
        }
        return -1;
    }
}
