package org.nvr.storage.playback;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.nvr.core.model.MalformedInputException;

/**
 * Bounded reads of ISO/IEC 14496-12 boxes (§4.2): box headers at a file offset, and children of a box already read
 * into memory. Every failure is a {@link MalformedInputException} whose message starts with {@code where} (the file
 * and the byte offset), so a bad file is named in the error.
 */
final class Boxes {
    /** A box header in a file: {@code size} bytes from {@code start}, payload after {@code headerBytes}. */
    record Header(String type, long start, int headerBytes, long size) {
        long end() {
            return start + size;
        }

        long payload() {
            return start + headerBytes;
        }
    }

    /** A child box in an in-memory parent: payload {@code [payload, end)}. */
    record Span(int payload, int end) {
        int length() {
            return end - payload;
        }
    }

    private Boxes() {
    }

    /** The box header at {@code pos} of a file of {@code fileSize} bytes; the box must end within the file. */
    static Header header(FileChannel channel, long fileSize, long pos, String where) throws IOException {
        if (pos < 0 || pos + 8 > fileSize) {
            throw new MalformedInputException(where + ": truncated: no box header at byte " + pos + " of a "
                    + fileSize + "-byte file");
        }
        ByteBuffer head = read(channel, pos, 8);
        long size = head.getInt(0) & 0xffff_ffffL;
        String type = fourCc(head.array(), 4);
        int headerBytes = 8;
        if (size == 1) {
            if (pos + 16 > fileSize) {
                throw new MalformedInputException(where + ": truncated: '" + type + "' at byte " + pos
                        + " has no 64-bit size");
            }
            size = read(channel, pos + 8, 8).getLong(0);
            headerBytes = 16;
        } else if (size == 0) {
            throw new MalformedInputException(where + ": '" + type + "' at byte " + pos
                    + " has size 0 (to the end of the file), which segment files never use");
        }
        if (size < headerBytes) {
            throw new MalformedInputException(where + ": bad box size " + size + " for '" + type + "' at byte " + pos);
        }
        if (size > fileSize - pos) {
            throw new MalformedInputException(where + ": truncated: '" + type + "' at byte " + pos + " claims "
                    + size + " bytes but the file ends at byte " + fileSize);
        }
        return new Header(type, pos, headerBytes, size);
    }

    /** Exactly {@code n} bytes at {@code pos}; callers bound {@code n}. */
    static ByteBuffer read(FileChannel channel, long pos, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, pos + buffer.position()) < 0) {
                throw new EOFException("file ends before byte " + (pos + buffer.position()));
            }
        }
        return buffer.flip();
    }

    /** The first child of type {@code type} inside {@code [from, to)} of {@code data}. */
    static Span child(byte[] data, int from, int to, String type, String where) {
        int at = from;
        while (to - at >= 8) {
            long size = u32(data, at, where);
            if (size < 8 || size > to - at) {
                throw new MalformedInputException(where + ": bad box size " + size + " for '" + fourCc(data, at + 4)
                        + "' looking for '" + type + "'");
            }
            if (fourCc(data, at + 4).equals(type)) {
                return new Span(at + 8, at + (int) size);
            }
            at += (int) size;
        }
        throw new MalformedInputException(where + ": no '" + type + "' box");
    }

    static long u32(byte[] data, int at, String where) {
        if (at < 0 || at + 4 > data.length) {
            throw new MalformedInputException(where + ": a box ends inside a field");
        }
        return ByteBuffer.wrap(data, at, 4).getInt() & 0xffff_ffffL;
    }

    static long u64(byte[] data, int at, String where) {
        return (u32(data, at, where) << 32) | u32(data, at + 4, where);
    }

    /** A box type for messages: printable ASCII as is, anything else as hex. */
    static String fourCc(byte[] data, int at) {
        boolean printable = true;
        for (int i = at; i < at + 4; i++) {
            printable &= data[i] >= 0x20 && data[i] < 0x7f;
        }
        return printable ? new String(data, at, 4, StandardCharsets.ISO_8859_1)
                : "0x" + HexFormat.of().formatHex(data, at, at + 4);
    }
}
