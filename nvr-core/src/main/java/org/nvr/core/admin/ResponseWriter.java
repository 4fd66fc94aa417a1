package org.nvr.core.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.nvr.core.export.ExportPart;

/**
 * Writes an {@link AdminResponse} on the connection's event loop. A streamed body goes out as a window of at most
 * {@value #PARTS_IN_FLIGHT} parts handed to the socket ahead of the one being sent, refilled as each completes:
 * enough that the socket never waits between one segment file's region and the next (waiting for each part to
 * finish before writing the next held an export to a third of disk speed, docs/bench.md), and bounded however
 * large the export: generated parts are box headers of a few KiB, and a file region holds no memory and opens its
 * file only when its turn comes ({@link DefaultFileRegion} opens lazily and closes on release).
 *
 * <p>Over TLS a file region cannot be used: its bytes go from the page cache to the socket without passing through
 * the JVM, so the {@code SslHandler} could not encrypt them. There each file part is a {@link ChunkedNioFile}, read
 * {@value #TLS_CHUNK_BYTES} bytes at a time by the pipeline's {@code ChunkedWriteHandler} as the socket drains; it
 * opens its file when the window takes the part in, so at most {@value #PARTS_IN_FLIGHT} files are open per response.
 */
final class ResponseWriter {
    /** RFC 8446 §5.1: a TLS record carries at most 2^14 bytes, so a chunk fills one record. */
    static final int TLS_CHUNK_BYTES = 16 * 1024;

    private final boolean zeroCopy;

    /**
     * @param zeroCopy true to send file parts as file regions (plain HTTP); false to read them through the JVM in
     *                 chunks (TLS: needs a {@code ChunkedWriteHandler} between the HTTP codec and the handler)
     */
    ResponseWriter(boolean zeroCopy) {
        this.zeroCopy = zeroCopy;
    }

    /**
     * Writes {@code response}; the future completes when its last byte was written, or fails if the connection
     * broke.
     *
     * @param head      true for a HEAD request: headers only, with the Content-Length a GET would get
     * @param version   the request's HTTP version, for the keep-alive header
     * @param keepAlive false to announce {@code Connection: close} (the caller closes after the future)
     */
    ChannelFuture write(ChannelHandlerContext ctx, AdminResponse response, boolean head, HttpVersion version,
                        boolean keepAlive) {
        if (response instanceof AdminResponse.Full full) {
            DefaultFullHttpResponse message = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, full.status(),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(full.body()));
            setHeaders(message.headers(), full.headers(), full.contentType(), full.body().length, version, keepAlive);
            return ctx.writeAndFlush(message);
        }
        AdminResponse.Streamed streamed = (AdminResponse.Streamed) response;
        HttpResponse message = new DefaultHttpResponse(HttpVersion.HTTP_1_1, streamed.status());
        setHeaders(message.headers(), streamed.headers(), streamed.contentType(), streamed.contentLength(), version,
                keepAlive);
        if (head) {
            ctx.write(message);
            return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        ChannelPromise done = ctx.newPromise();
        ctx.write(message).addListener(future -> {
            if (!future.isSuccess()) {
                done.tryFailure(future.cause());
            }
        });
        new PartWindow(ctx, streamed, done, zeroCopy).fill();
        return done;
    }

    /** Parts a streamed body may have written but not yet sent. */
    static final int PARTS_IN_FLIGHT = 16;

    /** The sliding window over one streamed body's parts; only touched on the channel's event loop. */
    private static final class PartWindow {
        private final ChannelHandlerContext ctx;
        private final AdminResponse.Streamed streamed;
        private final ChannelPromise done;
        private final boolean zeroCopy;
        private int next;
        private int inFlight;

        PartWindow(ChannelHandlerContext ctx, AdminResponse.Streamed streamed, ChannelPromise done,
                   boolean zeroCopy) {
            this.ctx = ctx;
            this.streamed = streamed;
            this.done = done;
            this.zeroCopy = zeroCopy;
        }

        void fill() {
            List<ExportPart> parts = streamed.parts();
            boolean wrote = false;
            while (inFlight < PARTS_IN_FLIGHT && next < parts.size() && !done.isDone()) {
                ExportPart part = parts.get(next++);
                Object content;
                try {
                    content = content(part);
                } catch (IOException e) {
                    // A segment file gone between planning and sending (retention): the response cannot finish.
                    done.tryFailure(e);
                    break;
                }
                inFlight++;
                wrote = true;
                ctx.write(content).addListener(future -> {
                    inFlight--;
                    if (future.isSuccess()) {
                        streamed.bytesSent().accept(part.length());
                        fill();
                    } else {
                        done.tryFailure(future.cause());
                    }
                });
            }
            if (next == parts.size() && inFlight == 0 && !done.isDone()) {
                next++;
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(future -> {
                    if (future.isSuccess()) {
                        done.trySuccess();
                    } else {
                        done.tryFailure(future.cause());
                    }
                });
            } else if (wrote) {
                ctx.flush();
            }
        }

        private Object content(ExportPart part) throws IOException {
            if (part instanceof ExportPart.Bytes bytes) {
                return Unpooled.wrappedBuffer(bytes.data());
            }
            ExportPart.FileRange range = (ExportPart.FileRange) part;
            if (zeroCopy) {
                return new DefaultFileRegion(range.file().toFile(), range.offset(), range.length());
            }
            // The ChunkedWriteHandler closes the channel when the input ends or the write fails.
            FileChannel file = FileChannel.open(range.file(), StandardOpenOption.READ);
            try {
                return new ChunkedNioFile(file, range.offset(), range.length(), TLS_CHUNK_BYTES);
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }
    }

    private static void setHeaders(HttpHeaders headers, Map<String, String> extra, String contentType,
                                   long contentLength, HttpVersion version, boolean keepAlive) {
        extra.forEach(headers::set);
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        HttpUtil.setKeepAlive(headers, version, keepAlive);
    }
}
