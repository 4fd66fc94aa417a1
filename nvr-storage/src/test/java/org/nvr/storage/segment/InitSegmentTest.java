package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.ClockSource;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.record.SegmentStart;
import org.nvr.core.record.StreamKey;

/** The first boxes of every segment file, byte for byte. */
class InitSegmentTest {
    private static final VideoParameters PARAMETERS = SpsParser.toVideoParameters(
            HexFormat.of().parseHex("6742c00dda0507ec0440000003004000000c83c50aa8"), HexFormat.of().parseHex("68ce3c80"));

    @Test
    void ftypThenSelfDescribingUuidBox() {
        SegmentStart start = new SegmentStart(new StreamKey("door", "main"), 12,
                Instant.parse("2024-05-01T12:00:00.000000001Z"), 8_589_934_592L, PARAMETERS, ClockSource.RTCP_SR);
        byte[] init = InitSegment.encode(start);

        String ftyp = "00000024" + "66747970"        // ftyp, 36 bytes
                + "69736f36" + "00000000"            // major brand iso6, minor version 0
                + "69736f36" + "69736f35" + "69736f6d" + "61766331" + "6d703431";  // iso6 iso5 isom avc1 mp41
        String metadata = "format=1\ncamera=door\nstream=main\nsequence=12\n"
                + "startUtc=2024-05-01T12:00:00.000000001Z\nstartPts90k=8589934592\nclockSource=RTCP_SR\n";
        byte[] text = metadata.getBytes(StandardCharsets.UTF_8);
        String uuid = "%08x".formatted(8 + 16 + text.length) + "75756964"  // uuid box
                + "2d4ff66123d14515a65894ecd7ddb513"                        // our user type
                + HexFormat.of().formatHex(text);
        String expected = ftyp + uuid;
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(init, expected.length() / 2))).isEqualTo(expected);
        // moov follows and ends the init segment.
        int moovAt = expected.length() / 2;
        assertThat(new String(init, moovAt + 4, 4, StandardCharsets.US_ASCII)).isEqualTo("moov");
        assertThat(java.nio.ByteBuffer.wrap(init, moovAt, 4).getInt()).isEqualTo(init.length - moovAt);
    }
}
