package org.nvr.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.ClockSource;

/** Byte-level {@code moof} and {@code mdat} header (ISO/IEC 14496-12 §8.8), hand-assembled from the spec. */
class FragmentHeaderTest {
    @Test
    void moofOfAKeyframeAndAPFrame() {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        // An IDR of one 5-byte NAL unit (9 bytes with its length) and a P picture of 3 + 2 bytes (13 bytes).
        AccessUnit idr = new AccessUnit(0, t, ClockSource.RTCP_SR, true, List.of(new byte[] {0x65, 1, 2, 3, 4}));
        AccessUnit p = new AccessUnit(3600, t, ClockSource.RTCP_SR, false,
                List.of(new byte[] {0x41, 1, 2}, new byte[] {0x41, 3}));
        BoxWriter w = new BoxWriter(16);

        int moofBytes = FragmentHeader.encode(w, 3, 180_000, List.of(idr, p), new long[] {3600, 3600});

        String expected = "00000070" + "6d6f6f66"            // moof, 112 bytes
                + "00000010" + "6d666864"                     // mfhd, 16 bytes
                + "00000000"                                  //   version 0, flags 0
                + "00000003"                                  //   sequence_number 3
                + "00000058" + "74726166"                     // traf, 88 bytes
                + "00000010" + "74666864"                     //   tfhd, 16 bytes
                + "00020000"                                  //     version 0, flags default-base-is-moof
                + "00000001"                                  //     track_ID 1
                + "00000014" + "74666474"                     //   tfdt, 20 bytes
                + "01000000"                                  //     version 1, flags 0
                + "000000000002bf20"                          //     baseMediaDecodeTime 180000
                + "0000002c" + "7472756e"                     //   trun, 44 bytes
                + "00000701"                                  //     flags: data offset, duration, size, flags
                + "00000002"                                  //     sample_count 2
                + "00000078"                                  //     data_offset 120 = moof 112 + mdat header 8
                + "00000e10" + "00000009" + "02000000"        //     3600 ticks, 9 bytes, depends_on 2 (sync)
                + "00000e10" + "0000000d" + "01010000"        //     3600 ticks, 13 bytes, depends_on 1, non-sync
                + "0000001e" + "6d646174";                    // mdat header: 8 + 22 bytes
        assertThat(moofBytes).isEqualTo(112);
        assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo(expected);
    }
}
