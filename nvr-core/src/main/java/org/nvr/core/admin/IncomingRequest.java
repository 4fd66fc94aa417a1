package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Objects;

/** A whole request copied off Netty's buffers on the event loop, before it is handed to the blocking executor. */
record IncomingRequest(HttpMethod method, String uri, HttpVersion version, HttpHeaders headers, byte[] body,
                       InetSocketAddress remote) {
    public IncomingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(remote, "remote");
    }

    /** {@code host:port} as audit rows hold it. */
    String remoteText() {
        return remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
