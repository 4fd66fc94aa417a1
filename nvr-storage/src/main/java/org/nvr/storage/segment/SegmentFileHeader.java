package org.nvr.storage.segment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.StreamKey;

/**
 * What a segment file says about itself: the metadata of its {@code uuid} box and the parameters of its
 * {@code avcC} box. Enough to rebuild its index row from the file alone.
 *
 * @param start  camera stream, sequence, start time, start PTS, clock source and SPS/PPS
 * @param format the metadata format version ({@link #FORMAT})
 */
public record SegmentFileHeader(SegmentStart start, int format) {
    /** The metadata format written by this version. */
    public static final int FORMAT = 1;
    /** Largest metadata payload read back; ours is about 200 bytes. */
    static final int MAX_METADATA_BYTES = 4096;

    public SegmentFileHeader {
        Objects.requireNonNull(start, "start");
        if (format != FORMAT) {
            throw new IllegalArgumentException("unsupported segment metadata format " + format);
        }
    }

    /**
     * The {@code uuid} box payload after the user type: UTF-8 {@code key=value} lines, each ending in {@code \n}.
     * Readers ignore keys they do not know, so later versions may add lines.
     */
    static byte[] encodeMetadata(SegmentStart start) {
        String text = "format=" + FORMAT + "\n"
                + "camera=" + start.stream().cameraId() + "\n"
                + "stream=" + start.stream().streamName() + "\n"
                + "sequence=" + start.sequence() + "\n"
                + "startUtc=" + start.startUtc() + "\n"
                + "startPts90k=" + start.startPts90k() + "\n"
                + "clockSource=" + start.clockSource().name() + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads metadata written by {@link #encodeMetadata} and combines it with the {@code avcC} parameters.
     *
     * @throws MalformedInputException naming the key that is missing, repeated or bad
     */
    static SegmentFileHeader decode(byte[] metadata, VideoParameters parameters) {
        if (metadata.length > MAX_METADATA_BYTES) {
            throw new MalformedInputException("segment metadata of " + metadata.length + " bytes exceeds "
                    + MAX_METADATA_BYTES);
        }
        String text = new String(metadata, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            throw new MalformedInputException("segment metadata does not end with a newline");
        }
        Map<String, String> values = new HashMap<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new MalformedInputException("segment metadata line is not key=value: '" + line + "'");
            }
            if (values.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw new MalformedInputException("segment metadata repeats key " + line.substring(0, eq));
            }
        }
        String format = required(values, "format");
        if (!format.equals(Integer.toString(FORMAT))) {
            throw new MalformedInputException("segment metadata format " + format + " is not " + FORMAT);
        }
        try {
            StreamKey stream = new StreamKey(required(values, "camera"), required(values, "stream"));
            long sequence = Long.parseLong(required(values, "sequence"));
            Instant startUtc = Instant.parse(required(values, "startUtc"));
            long startPts90k = Long.parseLong(required(values, "startPts90k"));
            ClockSource clock = ClockSource.valueOf(required(values, "clockSource"));
            return new SegmentFileHeader(new SegmentStart(stream, sequence, startUtc, startPts90k, parameters, clock),
                    FORMAT);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new MalformedInputException("bad segment metadata: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new MalformedInputException("segment metadata lacks " + key);
        }
        return value;
    }
}
