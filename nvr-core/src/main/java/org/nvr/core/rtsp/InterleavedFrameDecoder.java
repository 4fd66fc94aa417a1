package org.nvr.core.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nvr.core.model.MalformedInputException;

/**
 * Splits an RTSP TCP byte stream into interleaved binary frames and whole RTSP messages (RFC 2326 §10.12).
 * It sits in front of Netty's {@code RtspDecoder}, which has no notion of {@code $} frames:
 * <pre>
 * pipeline.addLast("interleaved", new InterleavedFrameDecoder());
 * pipeline.addLast("rtsp", new RtspDecoder());          // passes InterleavedFrame through unchanged
 * pipeline.addLast("aggregator", new HttpObjectAggregator(maxContentBytes));
 * </pre>
 * It emits, in stream order:
 * <ul>
 *   <li>an {@link InterleavedFrame} for each {@code $} frame, whose payload is a retained slice of the received
 *       bytes (no copy);</li>
 *   <li>a {@link ByteBuf} holding exactly one RTSP request or response: start line, headers, the empty line and
 *       {@code Content-Length} bytes of body. Header lines ending in a bare LF, which some cameras send, are
 *       rewritten to CRLF (a copy of that one message) because {@code RtspDecoder} rejects them.</li>
 * </ul>
 * Bytes that start neither a frame nor a message (a {@code RTSP/x.y} status line, or an upper-case method token
 * followed by a URL and ending in {@code RTSP/x.y}) are skipped up to the next {@code $} or possible message
 * start, and counted in {@link #garbageBytes()}.
 *
 * <p>Bounded: at most one frame (64 KiB), one header ({@code maxHeaderBytes}) plus its body
 * ({@code maxContentBytes}) is ever buffered. When the stream cannot be framed (more than
 * {@code maxGarbageBytes} of garbage in a row, a header longer than {@code maxHeaderBytes}, or a
 * {@code Content-Length} that is not a number or exceeds {@code maxContentBytes}), the buffered bytes are
 * dropped and a {@link MalformedInputException} is thrown, which {@link ByteToMessageDecoder} delivers to
 * {@code exceptionCaught} wrapped in a {@link io.netty.handler.codec.DecoderException}. The connection is then
 * unusable: the owner closes it and reconnects.
 *
 * <p>Not sharable: one instance per channel.
 */
public final class InterleavedFrameDecoder extends ByteToMessageDecoder {

    /** Default bound on start line plus headers: real RTSP headers are well under 2 KiB. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    /** Default bound on a message body: an SDP or GET_PARAMETER body is a few KiB. */
    public static final int DEFAULT_MAX_CONTENT_BYTES = 64 * 1024;
    /** Default bound on consecutive unframeable bytes before the connection is declared broken. */
    public static final int DEFAULT_MAX_GARBAGE_BYTES = 64 * 1024;

    // Longest method token accepted as a message start: GET_PARAMETER and SET_PARAMETER are 13.
    private static final int MAX_METHOD_CHARS = 32;
    private static final byte DOLLAR = '$';
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] RTSP_VERSION_PREFIX = {'R', 'T', 'S', 'P', '/'};
    private static final String CONTENT_LENGTH = "content-length";

    /** Stops at a byte that may begin a frame or a message. */
    private static final ByteProcessor FIND_CANDIDATE = b -> b != DOLLAR && (b < 'A' || b > 'Z');

    private enum Start { MESSAGE, NEED_MORE, NOT_A_START }

    private final int maxHeaderBytes;
    private final int maxContentBytes;
    private final int maxGarbageBytes;

    private int garbageRun;
    // State of the message at the reader index while its bytes arrive, so each byte is scanned once.
    private int headerScanned;
    private boolean startLineChecked;
    private int pendingMessageBytes = -1;
    private boolean pendingBareLf;
    private volatile long garbageBytes;

    /** With the default bounds: 16 KiB of header, 64 KiB of body, 64 KiB of consecutive garbage. */
    public InterleavedFrameDecoder() {
        this(DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_CONTENT_BYTES);
    }

    /**
     * @param maxHeaderBytes  bound on start line plus headers plus the empty line, default 16 KiB
     * @param maxContentBytes bound on {@code Content-Length}, default 64 KiB
     */
    public InterleavedFrameDecoder(int maxHeaderBytes, int maxContentBytes) {
        this(maxHeaderBytes, maxContentBytes, DEFAULT_MAX_GARBAGE_BYTES);
    }

    /**
     * @param maxHeaderBytes  bound on start line plus headers plus the empty line, default 16 KiB
     * @param maxContentBytes bound on {@code Content-Length}, default 64 KiB
     * @param maxGarbageBytes bound on consecutive bytes that are neither a frame nor a message, default 64 KiB
     */
    public InterleavedFrameDecoder(int maxHeaderBytes, int maxContentBytes, int maxGarbageBytes) {
        if (maxHeaderBytes < 64) {
            throw new IllegalArgumentException("maxHeaderBytes " + maxHeaderBytes + " < 64");
        }
        if (maxContentBytes < 0) {
            throw new IllegalArgumentException("maxContentBytes " + maxContentBytes + " < 0");
        }
        if (maxGarbageBytes < 1) {
            throw new IllegalArgumentException("maxGarbageBytes " + maxGarbageBytes + " < 1");
        }
        if ((long) maxHeaderBytes + maxContentBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxHeaderBytes + maxContentBytes overflows an int");
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxContentBytes = maxContentBytes;
        this.maxGarbageBytes = maxGarbageBytes;
    }

    /** Total bytes skipped because they were neither a frame nor a message, since this decoder was made. */
    public long garbageBytes() {
        return garbageBytes;
    }

    /** Bytes buffered awaiting the rest of a frame or message; for tests of the memory bound. */
    int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable() && decodeOne(ctx, in, out)) {
            // Each pass consumed bytes (a frame, a message or garbage); stop when more bytes are needed.
        }
    }

    /** Returns false when more bytes are needed. */
    private boolean decodeOne(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        if (in.getByte(start) == DOLLAR) {
            return decodeFrame(in, out);
        }
        Start kind = pendingMessageBytes >= 0 || startLineChecked ? Start.MESSAGE : classifyStart(in, start);
        if (kind == Start.NEED_MORE) {
            return false;
        }
        if (kind == Start.NOT_A_START) {
            skipGarbage(in, start);
            return true;
        }
        return decodeMessage(ctx, in, out);
    }

    private boolean decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < InterleavedFrame.HEADER_BYTES) {
            return false;
        }
        int start = in.readerIndex();
        int channel = in.getUnsignedByte(start + 1);
        int length = in.getUnsignedShort(start + 2);
        if (in.readableBytes() < InterleavedFrame.HEADER_BYTES + length) {
            return false;
        }
        in.skipBytes(InterleavedFrame.HEADER_BYTES);
        out.add(new InterleavedFrame(channel, in.readRetainedSlice(length)));
        garbageRun = 0;
        return true;
    }

    /**
     * RFC 2326 §7.1 Status-Line {@code RTSP/1.0 SP 3DIGIT SP}, or §6.1 Request-Line {@code Method SP Request-URI};
     * the request's {@code RTSP/x.y} at the end of the line is checked once the line is complete.
     */
    private static Start classifyStart(ByteBuf in, int start) {
        int n = in.readableBytes();
        // "RTSP/" DIGIT "." DIGIT SP DIGIT DIGIT DIGIT
        int prefix = Math.min(n, RTSP_VERSION_PREFIX.length);
        boolean versionPrefix = true;
        for (int i = 0; i < prefix; i++) {
            if (in.getByte(start + i) != RTSP_VERSION_PREFIX[i]) {
                versionPrefix = false;
                break;
            }
        }
        if (versionPrefix) {
            // The status code is exactly three digits (§7.1.1): "RTSP/1.0 200026" is no status line, and Netty's
            // RtspDecoder would take 200026 for a status code. A reason phrase follows after SP, and cameras
            // that leave it out end the line right after the code.
            String pattern = "D.D DDDE";
            for (int i = 0; i < pattern.length(); i++) {
                int at = RTSP_VERSION_PREFIX.length + i;
                if (at >= n) {
                    return Start.NEED_MORE;
                }
                byte b = in.getByte(start + at);
                char p = pattern.charAt(i);
                boolean ok = p == 'D' ? b >= '0' && b <= '9' : p == 'E' ? b == ' ' || b == CR || b == LF : b == p;
                if (!ok) {
                    return Start.NOT_A_START;
                }
            }
            return Start.MESSAGE;
        }
        // Method token of upper-case letters (and '_' as in GET_PARAMETER), a space, then an absolute URL,
        // '*' (OPTIONS *) or an absolute path.
        for (int i = 0; i <= MAX_METHOD_CHARS + 1; i++) {
            if (i >= n) {
                return Start.NEED_MORE;
            }
            byte b = in.getByte(start + i);
            if (b >= 'A' && b <= 'Z' || b == '_' && i > 0) {
                continue;
            }
            if (b != ' ' || i == 0 || i > MAX_METHOD_CHARS) {
                return Start.NOT_A_START;
            }
            if (i + 1 >= n) {
                return Start.NEED_MORE;
            }
            byte uri = in.getByte(start + i + 1);
            return uri == 'r' || uri == 'R' || uri == '*' || uri == '/' ? Start.MESSAGE : Start.NOT_A_START;
        }
        return Start.NOT_A_START;
    }

    private void skipGarbage(ByteBuf in, int start) {
        int n = in.readableBytes();
        int next = n > 1 ? in.forEachByte(start + 1, n - 1, FIND_CANDIDATE) : -1;
        int skipped = next < 0 ? n : next - start;
        resetMessageState();
        in.skipBytes(skipped);
        garbageBytes += skipped;
        garbageRun += skipped;
        if (garbageRun > maxGarbageBytes) {
            fail(in, "more than " + maxGarbageBytes + " bytes in a row are neither an interleaved frame nor an"
                    + " RTSP message");
        }
    }

    private boolean decodeMessage(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int n = in.readableBytes();
        if (pendingMessageBytes < 0) {
            int headerEnd = findHeaderEnd(in, start, n);
            if (headerEnd == NOT_A_MESSAGE) {
                skipGarbage(in, start);
                return true;
            }
            if (headerEnd < 0) {
                return false;
            }
            int headerBytes = headerEnd - start;
            long contentLength = parseContentLength(in, start, headerBytes);
            pendingMessageBytes = headerBytes + (int) contentLength;
            pendingBareLf = hasBareLf(in, start, headerEnd);
            headerScanned = headerBytes;
        }
        if (n < pendingMessageBytes) {
            return false;
        }
        if (pendingBareLf) {
            out.add(withCrLf(ctx, in, start, headerScanned, pendingMessageBytes));
            in.skipBytes(pendingMessageBytes);
        } else {
            out.add(in.readRetainedSlice(pendingMessageBytes));
        }
        resetMessageState();
        garbageRun = 0;
        return true;
    }

    private static final int NEED_MORE_BYTES = -1;
    private static final int NOT_A_MESSAGE = -2;

    /**
     * Finds the end of the header block (after the empty line: CRLF CRLF, or LF LF from cameras that send bare
     * LF). Returns {@link #NEED_MORE_BYTES} while it has not arrived, {@link #NOT_A_MESSAGE} if the first line
     * of a would-be request does not end in {@code RTSP/x.y}.
     */
    private int findHeaderEnd(ByteBuf in, int start, int n) {
        int windowEnd = start + Math.min(n, maxHeaderBytes);
        int from = start + headerScanned;
        while (from < windowEnd) {
            int lf = in.indexOf(from, windowEnd, LF);
            if (lf < 0) {
                break;
            }
            if (!startLineChecked) {
                if (!startLineValid(in, start, lf)) {
                    resetMessageState();
                    return NOT_A_MESSAGE;
                }
                startLineChecked = true;
            }
            int after = lf + 1;
            if (after >= start + n) {
                headerScanned = lf - start;
                return NEED_MORE_BYTES;
            }
            byte b = in.getByte(after);
            if (b == LF) {
                return checkedHeaderEnd(in, start, after + 1);
            }
            if (b == CR) {
                if (after + 1 >= start + n) {
                    headerScanned = lf - start;
                    return NEED_MORE_BYTES;
                }
                if (in.getByte(after + 1) == LF) {
                    return checkedHeaderEnd(in, start, after + 2);
                }
            }
            from = after;
        }
        if (n >= maxHeaderBytes) {
            fail(in, "RTSP header exceeds " + maxHeaderBytes + " bytes");
        }
        headerScanned = windowEnd - start;
        return NEED_MORE_BYTES;
    }

    private int checkedHeaderEnd(ByteBuf in, int start, int headerEnd) {
        if (headerEnd - start > maxHeaderBytes) {
            fail(in, "RTSP header exceeds " + maxHeaderBytes + " bytes");
        }
        return headerEnd;
    }

    /** A status line was checked by {@link #classifyStart}; a request line must end in {@code RTSP/x.y}. */
    private static boolean startLineValid(ByteBuf in, int start, int lf) {
        // The whole "RTSP/" prefix: "RTS /x" is a request line of method RTS, found by RtspServerRequestFuzzTest
        // getting past this check with a control character at its end.
        if (lf - start > RTSP_VERSION_PREFIX.length && startsWithVersion(in, start)) {
            return true;
        }
        int end = lf;
        while (end > start && isWhitespace(in.getByte(end - 1))) {
            end--;
        }
        // " RTSP/" DIGIT "." DIGIT
        int versionStart = end - 8;
        if (versionStart <= start || in.getByte(versionStart - 1) != ' ') {
            return false;
        }
        for (int i = 0; i < RTSP_VERSION_PREFIX.length; i++) {
            if (in.getByte(versionStart + i) != RTSP_VERSION_PREFIX[i]) {
                return false;
            }
        }
        return isDigit(in.getByte(versionStart + 5)) && in.getByte(versionStart + 6) == '.'
                && isDigit(in.getByte(versionStart + 7));
    }

    private static boolean startsWithVersion(ByteBuf in, int start) {
        for (int i = 0; i < RTSP_VERSION_PREFIX.length; i++) {
            if (in.getByte(start + i) != RTSP_VERSION_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2326 §12.14: the body length; absent means no body (§4.3). Header names are case-insensitive. */
    private long parseContentLength(ByteBuf in, int start, int headerBytes) {
        String header = in.toString(start, headerBytes, StandardCharsets.ISO_8859_1);
        long found = -1;
        int lineStart = 0;
        while (lineStart < header.length()) {
            int lineEnd = header.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = header.length();
            }
            int colon = header.indexOf(':', lineStart);
            if (colon > 0 && colon < lineEnd
                    && header.substring(lineStart, colon).trim().equalsIgnoreCase(CONTENT_LENGTH)) {
                String value = header.substring(colon + 1, lineEnd).trim();
                long length = parseLength(in, value);
                if (found >= 0 && found != length) {
                    fail(in, "conflicting Content-Length headers " + found + " and " + length);
                }
                found = length;
            }
            lineStart = lineEnd + 1;
        }
        return Math.max(found, 0);
    }

    private long parseLength(ByteBuf in, String value) {
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            fail(in, "Content-Length '" + printable(value) + "' is not a non-negative decimal number");
        }
        long length = Long.parseLong(value);
        if (length > maxContentBytes) {
            fail(in, "Content-Length " + length + " exceeds " + maxContentBytes + " bytes");
        }
        return length;
    }

    private static boolean hasBareLf(ByteBuf in, int start, int headerEnd) {
        for (int lf = in.indexOf(start, headerEnd, LF); lf >= 0; lf = in.indexOf(lf + 1, headerEnd, LF)) {
            if (lf == start || in.getByte(lf - 1) != CR) {
                return true;
            }
        }
        return false;
    }

    /** A copy of the message with every header line ending in CRLF, and the body as it was. */
    private static ByteBuf withCrLf(ChannelHandlerContext ctx, ByteBuf in, int start, int headerBytes,
                                    int messageBytes) {
        int headerEnd = start + headerBytes;
        ByteBuf copy = ctx.alloc().buffer(messageBytes + headerBytes);
        try {
            int from = start;
            for (int lf = in.indexOf(from, headerEnd, LF); lf >= 0; lf = in.indexOf(from, headerEnd, LF)) {
                int lineEnd = lf > from && in.getByte(lf - 1) == CR ? lf - 1 : lf;
                copy.writeBytes(in, from, lineEnd - from).writeByte(CR).writeByte(LF);
                from = lf + 1;
            }
            copy.writeBytes(in, headerEnd, messageBytes - headerBytes);
            return copy;
        } catch (RuntimeException e) {
            copy.release();
            throw e;
        }
    }

    private void resetMessageState() {
        headerScanned = 0;
        startLineChecked = false;
        pendingMessageBytes = -1;
        pendingBareLf = false;
    }

    /** Drops what is buffered (so a broken stream holds no memory) and reports it. */
    private void fail(ByteBuf in, String message) {
        in.skipBytes(in.readableBytes());
        resetMessageState();
        garbageRun = 0;
        throw new MalformedInputException(message);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == CR;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static String printable(String s) {
        String cut = s.length() > 20 ? s.substring(0, 20) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
