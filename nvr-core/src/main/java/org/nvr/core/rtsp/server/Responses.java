package org.nvr.core.rtsp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;
import java.nio.charset.StandardCharsets;

/** Builds replies: status, {@code CSeq} echoed (RFC 2326 §12.17), {@code Server}, {@code Content-Length}. */
final class Responses {

    static final String SERVER = "NVR";
    /** RFC 2326 §11: status codes Netty has no constant for (or whose reason we make specific). */
    static final int INVALID_RANGE = 457;
    static final int HEADER_FIELD_NOT_VALID = 456;
    static final int OPTION_NOT_SUPPORTED = 551;
    static final int REQUEST_TOO_LARGE = 413;

    private Responses() {
    }

    static FullHttpResponse of(HttpResponseStatus status, String cseq) {
        return of(status, cseq, Unpooled.EMPTY_BUFFER);
    }

    static FullHttpResponse of(int code, String reason, String cseq) {
        return of(new HttpResponseStatus(code, printable(reason)), cseq);
    }

    static FullHttpResponse text(HttpResponseStatus status, String cseq, String contentType, String body) {
        FullHttpResponse response = of(status, cseq, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(RtspHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    private static FullHttpResponse of(HttpResponseStatus status, String cseq, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status, body);
        if (cseq != null) {
            response.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        response.headers().set(RtspHeaderNames.SERVER, SERVER);
        response.headers().setInt(RtspHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    /** A reason phrase may not hold CR or LF (RFC 2326 §7.1): printable ASCII only, at most 120 chars. */
    static String printable(String reason) {
        String cut = reason.length() > 120 ? reason.substring(0, 120) : reason;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
