package org.nvr.core.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.MalformedInputException;

class AnnexBReaderTest {

    @Test
    void groupsNalUnitsIntoAccessUnitsAtDelimiters() {
        AnnexBReader reader = new AnnexBReader(Hex.bytes(AnnexBSamples.WITH_AUD));

        assertThat(types(reader.next())).containsExactly(9, 7, 8, 5, 5);
        assertThat(types(reader.next())).containsExactly(9, 1, 1);
        List<byte[]> third = reader.next();
        assertThat(types(third)).containsExactly(9, 7, 8, 5, 5);
        assertThat(Hex.of(third.get(4))).isEqualTo(AnnexBSamples.IDR2_SLICE1.replace(" ", ""));
        assertThat(reader.next()).isNull();
        assertThat(reader.next()).isNull();
    }

    @Test
    void withoutDelimitersSplitsAtFirstMbInSliceZeroAndParameterSets() {
        AnnexBReader reader = new AnnexBReader(Hex.bytes(AnnexBSamples.WITHOUT_AUD));

        // The second slice of each picture (first_mb_in_slice = 8) stays with the first.
        List<byte[]> first = reader.next();
        assertThat(types(first)).containsExactly(7, 8, 5, 5);
        assertThat(NalUnitType.containsIdr(first)).isTrue();
        List<byte[]> second = reader.next();
        assertThat(types(second)).containsExactly(1, 1);
        assertThat(NalUnitType.containsIdr(second)).isFalse();
        assertThat(types(reader.next())).containsExactly(7, 8, 5, 5);
        assertThat(reader.next()).isNull();
    }

    @Test
    void seiAfterAPictureStartsTheNextAccessUnit() {
        byte[] stream = Hex.bytes(""
                + "00 00 01 | 65 88 11"       // IDR, first_mb_in_slice 0
                + "00 00 01 | 0c ff ff 80"    // filler data stays with its picture
                + "00 00 01 | 06 05 01 80"    // SEI: next access unit
                + "00 00 01 | 41 9a 22");     // P slice, first_mb_in_slice 0
        AnnexBReader reader = new AnnexBReader(stream);
        assertThat(types(reader.next())).containsExactly(5, 12);
        assertThat(types(reader.next())).containsExactly(6, 1);
        assertThat(reader.next()).isNull();
    }

    @Test
    void rewindStartsOver() {
        AnnexBReader reader = new AnnexBReader(Hex.bytes(AnnexBSamples.WITH_AUD));
        int units = 0;
        while (reader.next() != null) {
            units++;
        }
        assertThat(units).isEqualTo(3);
        reader.rewind();
        assertThat(types(reader.next())).containsExactly(9, 7, 8, 5, 5);
    }

    @Test
    void anAccessUnitOverTheNalUnitLimitIsRejectedAndReadingResumes() {
        AnnexBReader reader = new AnnexBReader(Hex.bytes(AnnexBSamples.WITH_AUD), 1 << 20, 3);

        assertThatThrownBy(reader::next).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("3 NAL units");
        // AUD, SPS, PPS went into the rejected unit; the reader resumes at the first IDR slice.
        assertThat(types(reader.next())).containsExactly(5, 5);
        assertThat(types(reader.next())).containsExactly(9, 1, 1);
    }

    @Test
    void anAccessUnitOverTheByteLimitIsRejected() {
        // The first access unit is 2 + 22 + 4 + 13 + 14 = 55 bytes.
        AnnexBReader reader = new AnnexBReader(Hex.bytes(AnnexBSamples.WITH_AUD), 54, 256);
        assertThatThrownBy(reader::next).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("54 bytes");
        AnnexBReader fits = new AnnexBReader(Hex.bytes(AnnexBSamples.WITH_AUD), 55, 256);
        assertThat(types(fits.next())).containsExactly(9, 7, 8, 5, 5);
    }

    @Test
    void rejectsGarbageBeforeTheFirstStartCodeAndBadLimits() {
        assertThatThrownBy(() -> new AnnexBReader(Hex.bytes("ff 00 00 01 09 10")))
                .isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> new AnnexBReader(new byte[0], 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AnnexBReader(new byte[0]).next()).isNull();
    }

    private static List<Integer> types(List<byte[]> nalus) {
        assertThat(nalus).isNotNull();
        return nalus.stream().map(NalUnitType::type).toList();
    }
}
