package org.nvr.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.core.export.ExportPart;

class PartSlicerTest {
    private static final Path FILE = Path.of("seg.mp4");
    private static final byte[] HEAD = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    // Body: HEAD [0,10) | FILE 100+50 [10,60) | 3 bytes [60,63)
    private static final List<ExportPart> PARTS = List.of(new ExportPart.Bytes(HEAD),
            new ExportPart.FileRange(FILE, 100, 50), new ExportPart.Bytes(new byte[] {7, 8, 9}));

    @Test
    void wholePartsAreKeptAndCutPartsNarrowed() {
        assertThat(PartSlicer.slice(PARTS, 0, 62)).isEqualTo(PARTS);

        List<ExportPart> middle = PartSlicer.slice(PARTS, 8, 61);
        assertThat(middle).hasSize(3);
        assertThat(((ExportPart.Bytes) middle.get(0)).data()).containsExactly(8, 9);
        assertThat(middle.get(1)).isEqualTo(PARTS.get(1));
        assertThat(((ExportPart.Bytes) middle.get(2)).data()).containsExactly(7, 8);
    }

    @Test
    void aSliceInsideAFileRangeStaysAFileRange() {
        assertThat(PartSlicer.slice(PARTS, 20, 29)).containsExactly(new ExportPart.FileRange(FILE, 110, 10));
        assertThat(PartSlicer.slice(PARTS, 59, 59)).containsExactly(new ExportPart.FileRange(FILE, 149, 1));
        assertThat(PartSlicer.slice(PARTS, 10, 59)).containsExactly(PARTS.get(1));
    }
}
