package org.nvr.core.rtsp.client;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * An RTSP response copied out of Netty's buffers, so that no reference-counted object outlives the handler.
 *
 * @param statusCode status code (200, 401, 461 ...)
 * @param reason     reason phrase
 * @param headers    a copy of the headers
 * @param body       the body as UTF-8 text (an SDP for DESCRIBE), empty when there is none
 */
record RtspResponse(int statusCode, String reason, HttpHeaders headers, String body) {

    static RtspResponse copyOf(FullHttpResponse response) {
        return new RtspResponse(response.status().code(), response.status().reasonPhrase(),
                response.headers().copy(), response.content().toString(StandardCharsets.UTF_8));
    }

    boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    boolean isRedirect() {
        return statusCode == 301 || statusCode == 302 || statusCode == 303 || statusCode == 307;
    }
}
