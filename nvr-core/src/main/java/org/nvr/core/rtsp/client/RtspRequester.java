package org.nvr.core.rtsp.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.RtspAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests and answers on one RTSP connection: CSeq numbering and matching (RFC 2326 §12.17), the Session and
 * Authorization headers, one retry after a 401 when the authenticator can answer the challenge, a timeout per
 * request, and a bound on requests waiting for answers. Runs on the connection's event loop.
 */
final class RtspRequester {
    private static final Logger log = LoggerFactory.getLogger(RtspRequester.class);
    private static final String USER_AGENT = "nvr/0.1";
    private static final int MAX_PENDING_REQUESTS = 4;

    private final Channel channel;
    private final RtspAuthenticator authenticator;
    private final Duration requestTimeout;
    private final String label;
    private final Map<Integer, CompletableFuture<RtspResponse>> pending = new HashMap<>();
    private int nextCseq = 1;
    private String sessionId;
    private boolean closed;

    /**
     * @param authenticator answers challenges, or null when the camera has no credentials configured
     */
    RtspRequester(Channel channel, RtspAuthenticator authenticator, Duration requestTimeout, String label) {
        this.channel = channel;
        this.authenticator = authenticator;
        this.requestTimeout = requestTimeout;
        this.label = label;
    }

    /** The session id from SETUP: sent with every later request. */
    void sessionId(String id) {
        this.sessionId = id;
    }

    String sessionId() {
        return sessionId;
    }

    /**
     * Sends a request; the future fails with {@link RtspStatusException} on a 401 that cannot be answered, with
     * {@link RequestTimeoutException} when no answer comes in time, and with {@link IOException} when the
     * connection goes away. Other statuses are the caller's to judge.
     */
    CompletableFuture<RtspResponse> send(HttpMethod method, String uri, Consumer<HttpHeaders> extra) {
        return sendOnce(method, uri, extra).thenCompose(response -> {
            if (response.statusCode() == 401 && authenticator != null
                    && authenticator.onUnauthorized(response.headers().getAll(RtspHeaderNames.WWW_AUTHENTICATE))) {
                return sendOnce(method, uri, extra).thenApply(retried -> refuseUnauthorized(method, retried));
            }
            return CompletableFuture.completedFuture(refuseUnauthorized(method, response));
        });
    }

    /** Sends a request without waiting for its answer, e.g. TEARDOWN right before closing. */
    ChannelFuture sendAndForget(HttpMethod method, String uri) {
        return channel.writeAndFlush(request(nextCseq++, method, uri, h -> { }));
    }

    /** Matches an answer to its request; answers nobody waits for are logged and dropped. */
    void onResponse(FullHttpResponse response) {
        if (response.decoderResult().isFailure()) {
            throw new MalformedInputException("malformed RTSP response: "
                    + response.decoderResult().cause().getMessage(), response.decoderResult().cause());
        }
        String cseqText = response.headers().get(RtspHeaderNames.CSEQ);
        Integer cseq = parseCseq(cseqText);
        CompletableFuture<RtspResponse> waiting = cseq == null ? null : pending.remove(cseq);
        if (waiting == null) {
            log.debug("{}: ignoring RTSP response with unknown CSeq {}", label, cseqText);
            return;
        }
        waiting.complete(RtspResponse.copyOf(response));
    }

    /** Fails every waiting request and refuses new ones. */
    void close(Throwable reason) {
        closed = true;
        List<CompletableFuture<RtspResponse>> waiting = new ArrayList<>(pending.values());
        pending.clear();
        waiting.forEach(f -> f.completeExceptionally(reason));
    }

    /** A 401 that authentication cannot answer ends the session: retrying with the same credentials is futile. */
    private RtspResponse refuseUnauthorized(HttpMethod method, RtspResponse response) {
        if (response.statusCode() == 401) {
            throw new RtspStatusException(method.name(), 401, authenticator == null
                    ? "Unauthorized (the camera needs credentials)" : "Unauthorized (wrong user or password)");
        }
        return response;
    }

    private CompletableFuture<RtspResponse> sendOnce(HttpMethod method, String uri, Consumer<HttpHeaders> extra) {
        CompletableFuture<RtspResponse> result = new CompletableFuture<>();
        if (closed || !channel.isActive()) {
            result.completeExceptionally(new IOException("connection closed"));
            return result;
        }
        if (pending.size() >= MAX_PENDING_REQUESTS) {
            result.completeExceptionally(new RequestTimeoutException(method.name() + " not sent: "
                    + pending.size() + " requests are waiting for answers"));
            return result;
        }
        int cseq = nextCseq++;
        pending.put(cseq, result);
        ScheduledFuture<?> timeout = channel.eventLoop().schedule(() -> {
            if (pending.remove(cseq) != null) {
                result.completeExceptionally(new RequestTimeoutException("no answer to " + method.name()
                        + " within " + requestTimeout.toMillis() + " ms"));
            }
        }, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> timeout.cancel(false));
        channel.writeAndFlush(request(cseq, method, uri, extra)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() && pending.remove(cseq) != null) {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    private FullHttpRequest request(int cseq, HttpMethod method, String uri, Consumer<HttpHeaders> extra) {
        FullHttpRequest request = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri);
        request.headers().set(RtspHeaderNames.CSEQ, cseq).set(RtspHeaderNames.USER_AGENT, USER_AGENT);
        if (sessionId != null) {
            request.headers().set(RtspHeaderNames.SESSION, sessionId);
        }
        if (authenticator != null) {
            authenticator.authorization(method.name(), uri)
                    .ifPresent(value -> request.headers().set(RtspHeaderNames.AUTHORIZATION, value));
        }
        extra.accept(request.headers());
        return request;
    }

    private static Integer parseCseq(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
