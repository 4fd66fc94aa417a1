package org.nvr.core.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nvr.core.export.ExportManifest;
import org.nvr.core.export.ExportPart;
import org.nvr.core.export.ExportPlan;

/** Export plans over temp files with known contents, and the bytes they must produce. */
final class TestExports {
    private TestExports() {
    }

    /** {@code length} bytes where byte i is (i * 7 + 3) mod 251: no two nearby slices look alike. */
    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ((i * 7 + 3 + seed) % 251);
        }
        return bytes;
    }

    static ExportManifest manifest(long contentLength, String fileName) {
        return new ExportManifest("cam1", "main", "2026-11-24T10:15:00Z", "2026-11-24T10:16:00Z",
                "2026-11-24T10:14:58.400Z", "2026-11-24T10:16:00Z", 1540, contentLength, fileName,
                List.of(new ExportManifest.SourceSegment(17, 4, "cam1/main/2026/11/24/10/000004.mp4",
                        "2026-11-24T10:14:58.400Z", "2026-11-24T10:15:58.400Z", 10_000,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "RTCP_SR", 1490)),
                List.of(new ExportManifest.GapEntry("2026-11-24T10:15:58.400Z", "2026-11-24T10:15:59Z",
                        "CAMERA_DISCONNECTED", "RTSP session ended")),
                "RTCP sender reports");
    }

    /** A plan with generated boxes around two ranges of a 10 000-byte file. */
    record Sample(ExportPlan plan, byte[] expected) {
    }

    /**
     * Parts: Bytes[0,100) | file[1000,6000) | Bytes[6100,6150) | file[7000,9000): body 7150 bytes, part
     * boundaries at 100, 5100, 5150.
     */
    static Sample sample(Path dir) throws IOException {
        byte[] file = pattern(10_000, 0);
        Path segment = dir.resolve("000004.mp4");
        Files.write(segment, file);
        byte[] head = pattern(100, 11);
        byte[] middle = pattern(50, 37);
        List<ExportPart> parts = List.of(new ExportPart.Bytes(head), new ExportPart.FileRange(segment, 1000, 5000),
                new ExportPart.Bytes(middle), new ExportPart.FileRange(segment, 7000, 2000));
        byte[] expected = new byte[7150];
        System.arraycopy(head, 0, expected, 0, 100);
        System.arraycopy(file, 1000, expected, 100, 5000);
        System.arraycopy(middle, 0, expected, 5100, 50);
        System.arraycopy(file, 7000, expected, 5150, 2000);
        return new Sample(new ExportPlan(parts, expected.length, manifest(expected.length,
                "cam1-main-20261124T101458Z.mp4")), expected);
    }
}
