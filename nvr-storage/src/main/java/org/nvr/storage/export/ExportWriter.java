package org.nvr.storage.export;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.StandardOpenOption;
import org.nvr.core.export.ExportPart;
import org.nvr.core.export.ExportPlan;

/**
 * Writes an export plan's bytes to a channel: generated parts as they are, file ranges with
 * {@link FileChannel#transferTo} (zero-copy where the platform allows). For offline use and tests; the HTTP server
 * sends file ranges as Netty {@code FileRegion}s itself.
 */
public final class ExportWriter {
    private ExportWriter() {
    }

    /** Writes the whole body; returns the bytes written ({@link ExportPlan#contentLength()}). */
    public static long write(ExportPlan plan, WritableByteChannel out) throws IOException {
        if (plan.contentLength() == 0) {
            return 0;
        }
        return writeRange(plan, 0, plan.contentLength() - 1, out);
    }

    /**
     * Writes bytes {@code first} to {@code last} inclusive, as an HTTP byte range names them (RFC 9110 §14.1.2).
     *
     * @return the bytes written: {@code last - first + 1}
     * @throws IllegalArgumentException when the range is empty or outside the body
     * @throws IOException              when a source file is shorter than the plan says (changed since planning)
     */
    public static long writeRange(ExportPlan plan, long first, long last, WritableByteChannel out)
            throws IOException {
        if (first < 0 || last < first || last >= plan.contentLength()) {
            throw new IllegalArgumentException("range " + first + "-" + last + " is outside the " + plan.contentLength()
                    + "-byte export");
        }
        long end = last + 1;
        long pos = 0;
        long written = 0;
        for (ExportPart part : plan.parts()) {
            long partEnd = pos + part.length();
            long from = Math.max(first, pos);
            long to = Math.min(end, partEnd);
            if (from < to) {
                written += writePart(part, from - pos, to - from, out);
            }
            pos = partEnd;
            if (pos >= end) {
                break;
            }
        }
        return written;
    }

    private static long writePart(ExportPart part, long offset, long length, WritableByteChannel out)
            throws IOException {
        if (part instanceof ExportPart.Bytes bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.data(), (int) offset, (int) length);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            return length;
        }
        ExportPart.FileRange range = (ExportPart.FileRange) part;
        try (FileChannel file = FileChannel.open(range.file(), StandardOpenOption.READ)) {
            long at = range.offset() + offset;
            long remaining = length;
            while (remaining > 0) {
                long n = file.transferTo(at, remaining, out);
                if (n == 0 && file.size() < at + remaining) {
                    throw new EOFException(range.file() + " ends at byte " + file.size() + ", before byte "
                            + (at + remaining) + " of the export plan: the file changed since planning");
                }
                at += n;
                remaining -= n;
            }
        }
        return length;
    }
}
