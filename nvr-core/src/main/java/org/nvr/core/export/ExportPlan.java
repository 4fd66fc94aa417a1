package org.nvr.core.export;

import java.util.List;

/**
 * One MP4 for an export: the body is the concatenation of {@code parts}, {@code contentLength} bytes in all, known
 * before the first byte is sent (so HTTP Range requests and Content-Length work), with its manifest.
 */
public record ExportPlan(List<ExportPart> parts, long contentLength, ExportManifest manifest) {
    public ExportPlan {
        parts = List.copyOf(parts);
        long sum = 0;
        for (ExportPart part : parts) {
            sum += part.length();
        }
        if (sum != contentLength) {
            throw new IllegalArgumentException("parts add up to " + sum + " bytes, not " + contentLength);
        }
    }
}
