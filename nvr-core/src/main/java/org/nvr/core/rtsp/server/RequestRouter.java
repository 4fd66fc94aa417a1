package org.nvr.core.rtsp.server;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Principal;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.playback.PlaybackCursor;
import org.nvr.core.rtsp.RtspSessionHeader;
import org.nvr.core.rtsp.RtspTransport.PortPair;
import org.nvr.core.stream.StreamHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests of one connection (RFC 2326 §10): OPTIONS without credentials, everything else after
 * {@link RequestAuthenticator} accepted them; DESCRIBE, SETUP, PAUSE, TEARDOWN, GET_PARAMETER and SET_PARAMETER
 * here, PLAY in {@link PlayHandler}. Runs on the connection's event loop; blocking work (users, audit,
 * recordings) goes to the blocking executor and comes back to the loop.
 */
final class RequestRouter {

    static final String PUBLIC_METHODS = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER,"
            + " SET_PARAMETER";
    /** Items read from a recording before its parameters, for a DESCRIBE. */
    private static final int MAX_ITEMS_FOR_PARAMETERS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    /**
     * A reply and what to do once it is written.
     *
     * @param afterWrite runs on the loop right after the reply was written (starts media)
     * @param discard    runs instead when the connection is gone
     */
    record Reply(FullHttpResponse response, Runnable afterWrite, Runnable discard) {
        static Reply of(FullHttpResponse response) {
            return new Reply(response, () -> { }, () -> { });
        }
    }

    private final ServerContext context;
    private final RtspConnection connection;
    private final PlayHandler play;

    RequestRouter(ServerContext context, RtspConnection connection) {
        this.context = context;
        this.connection = connection;
        this.play = new PlayHandler(context, connection, this);
    }

    CompletableFuture<Reply> handle(RtspRequest request) {
        if (request.malformed() != null) {
            int code = request.malformed().equals("too large") ? Responses.REQUEST_TOO_LARGE : 400;
            return done(Responses.of(code, code == 400 ? "Bad Request" : "Request Entity Too Large",
                    request.cseq()));
        }
        if (request.cseq() == null) {
            return done(Responses.of(400, "Bad Request: missing or bad CSeq", null));
        }
        String method = request.method();
        if (method.equals("OPTIONS")) {
            FullHttpResponse response = Responses.of(RtspResponseStatuses.OK, request.cseq());
            response.headers().set(RtspHeaderNames.PUBLIC, PUBLIC_METHODS);
            return done(response);
        }
        if (method.equals("ANNOUNCE") || method.equals("RECORD") || method.equals("REDIRECT")) {
            // RFC 2326 §11.3.6: 405 lists the methods that are allowed.
            FullHttpResponse response = Responses.of(RtspResponseStatuses.METHOD_NOT_ALLOWED, request.cseq());
            response.headers().set(RtspHeaderNames.ALLOW, PUBLIC_METHODS);
            return done(response);
        }
        if (!PUBLIC_METHODS.contains(method) || method.isEmpty()) {
            return done(Responses.of(RtspResponseStatuses.NOT_IMPLEMENTED, request.cseq()));
        }
        String unsupported = unsupportedRequirements(request.header(RtspHeaderNames.REQUIRE));
        if (!unsupported.isEmpty()) {
            // RFC 2326 §12.32: 551 with the options not supported in Unsupported.
            FullHttpResponse response = Responses.of(Responses.OPTION_NOT_SUPPORTED, "Option not supported",
                    request.cseq());
            response.headers().set(RtspHeaderNames.UNSUPPORTED, unsupported);
            return done(response);
        }
        String authorization = request.header(RtspHeaderNames.AUTHORIZATION);
        return blocking(() -> context.authenticator().authenticate(authorization, method, request.uri()))
                .thenCompose(outcome -> outcome.granted()
                        ? dispatch(request, outcome.principal().get())
                        : done(unauthorized(request, outcome)));
    }

    private CompletableFuture<Reply> dispatch(RtspRequest request, Principal principal) {
        ServerSession named = null;
        String sessionHeader = request.header(RtspHeaderNames.SESSION);
        if (sessionHeader != null) {
            try {
                named = connection.session(RtspSessionHeader.parse(sessionHeader).id());
            } catch (MalformedInputException e) {
                return done(Responses.of(RtspResponseStatuses.SESSION_NOT_FOUND, request.cseq()));
            }
            if (named == null) {
                return done(Responses.of(RtspResponseStatuses.SESSION_NOT_FOUND, request.cseq()));
            }
            named.touch();
        }
        switch (request.method()) {
            case "DESCRIBE":
                return describe(request);
            case "SETUP":
                return done(setup(request, named));
            case "PLAY":
                return named == null ? done(Responses.of(RtspResponseStatuses.SESSION_NOT_FOUND, request.cseq()))
                        : play.play(request, named, principal);
            case "PAUSE":
                return done(pause(request, named));
            case "TEARDOWN":
                return done(teardown(request, named));
            default:
                // GET_PARAMETER and SET_PARAMETER: keep-alives (RFC 2326 §10.8); no parameters are served.
                return done(withSession(Responses.of(RtspResponseStatuses.OK, request.cseq()), named));
        }
    }

    private CompletableFuture<Reply> describe(RtspRequest request) {
        Optional<RequestTarget> target;
        try {
            target = RequestTarget.parse(request.uri());
        } catch (MalformedInputException e) {
            return done(Responses.of(400, "Bad Request: " + e.getMessage(), request.cseq()));
        }
        if (target.isEmpty()) {
            return done(Responses.of(RtspResponseStatuses.NOT_FOUND, request.cseq()));
        }
        RequestTarget t = target.get();
        if (t.start().isEmpty()) {
            Optional<StreamHub> hub = context.live().hub(t.key());
            if (hub.isEmpty()) {
                return done(Responses.of(RtspResponseStatuses.NOT_FOUND, request.cseq()));
            }
            return done(sdp(request, t, hub.get().parameters()));
        }
        Instant start = t.start().get();
        return blocking(() -> recordedParameters(t, start)).thenApply(parameters -> {
            if (parameters.isEmpty()) {
                return Reply.of(Responses.of(404, "Not Found: nothing recorded at or after "
                        + RangeHeader.format(start), request.cseq()));
            }
            return Reply.of(sdp(request, t, parameters.get()).response());
        });
    }

    /** The first parameters of the recording at {@code start}, read on the blocking executor. */
    private Optional<VideoParameters> recordedParameters(RequestTarget target, Instant start) {
        try {
            Optional<PlaybackCursor> cursor = context.recordings().open(target.key(), start);
            if (cursor.isEmpty()) {
                return Optional.empty();
            }
            try (PlaybackCursor c = cursor.get()) {
                for (int i = 0; i < MAX_ITEMS_FOR_PARAMETERS; i++) {
                    StreamItem item = c.next();
                    if (item == null) {
                        return Optional.empty();
                    }
                    if (item instanceof VideoParameters parameters) {
                        return Optional.of(parameters);
                    }
                }
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Reply sdp(RtspRequest request, RequestTarget target, VideoParameters parameters) {
        InetSocketAddress local = (InetSocketAddress) connection.channel().localAddress();
        String body = SdpWriter.describe(target.key(), parameters, target.start(),
                context.random().nextLong() >>> 1, local.getAddress());
        FullHttpResponse response = Responses.text(RtspResponseStatuses.OK, request.cseq(), "application/sdp", body);
        response.headers().set(RtspHeaderNames.CONTENT_BASE, baseUrl(request.uri()));
        return Reply.of(response);
    }

    private FullHttpResponse setup(RtspRequest request, ServerSession named) {
        String cseq = request.cseq();
        Optional<RequestTarget> target;
        try {
            target = RequestTarget.parse(request.uri());
        } catch (MalformedInputException e) {
            return Responses.of(400, "Bad Request: " + e.getMessage(), cseq);
        }
        if (target.isEmpty()) {
            return Responses.of(RtspResponseStatuses.NOT_FOUND, cseq);
        }
        if (named != null) {
            // One track per stream: a second SETUP has nothing to add (§10.4); changing the transport of a
            // playing session is not supported (§A.1).
            return Responses.of(named.state() == ServerSession.State.PLAYING
                    ? RtspResponseStatuses.METHOD_NOT_VALID
                    : RtspResponseStatuses.AGGREGATE_OPERATION_NOT_ALLOWED, cseq);
        }
        RequestTarget t = target.get();
        if (t.start().isEmpty() && context.live().hub(t.key()).isEmpty()) {
            return Responses.of(RtspResponseStatuses.NOT_FOUND, cseq);
        }
        if (context.sessions().full() || connection.sessions().size() >= RtspConnection.MAX_SESSIONS) {
            return Responses.of(RtspResponseStatuses.NOT_ENOUGH_BANDWIDTH, cseq);
        }
        Optional<TransportSelector.Choice> chosen = TransportSelector.choose(request.header(RtspHeaderNames.TRANSPORT),
                context.udp() != null, 2 * connection.sessions().size());
        if (chosen.isEmpty() || (chosen.get().tcp() && channelTaken(chosen.get().ports()))) {
            return Responses.of(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq);
        }
        TransportSelector.Choice choice = chosen.get();
        String id = HexFormat.of().toHexDigits(context.random().nextLong());
        MediaOutput output;
        Optional<PortPair> serverPorts = Optional.empty();
        UdpOutput udpOutput = null;
        if (choice.tcp()) {
            output = new InterleavedOutput(connection.channel(), choice.ports().rtp(), choice.ports().rtcp());
        } else {
            // Media goes only to the address the request came from: no third-party destination.
            InetSocketAddress remote = (InetSocketAddress) connection.channel().remoteAddress();
            udpOutput = new UdpOutput(context.udp(), new InetSocketAddress(remote.getAddress(), choice.ports().rtp()),
                    new InetSocketAddress(remote.getAddress(), choice.ports().rtcp()));
            output = udpOutput;
            serverPorts = Optional.of(new PortPair(context.udp().rtpPort(), context.udp().rtcpPort()));
        }
        RtpSender sender = new RtpSender(output, context.options().maxPayloadBytes(), context.random(),
                context.clock(), connection.channel().alloc(), context.metrics().bytesOut(t.key()));
        UdpOutput udp = udpOutput;
        ServerSession[] holder = new ServerSession[1];
        ServerSession session = new ServerSession(id, t.key(), sender, choice.tcp() ? "tcp" : "udp", t.start(),
                context.clock(), () -> {
                    context.sessions().remove(holder[0]);
                    if (udp != null) {
                        context.udp().unregister(udp.clientRtcp(), holder[0]);
                    }
                });
        holder[0] = session;
        if (!context.sessions().add(session)) {
            return Responses.of(RtspResponseStatuses.NOT_ENOUGH_BANDWIDTH, cseq);
        }
        if (udp != null && !context.udp().register(udp.clientRtcp(), session)) {
            context.sessions().remove(session);
            return Responses.of(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq);
        }
        connection.addSession(session);
        FullHttpResponse response = Responses.of(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.TRANSPORT, choice.reply(serverPorts, sender.ssrc()));
        response.headers().set(RtspHeaderNames.SESSION, sessionHeader(session));
        LOG.debug("RTSP session {} for {} {} over {}", id, connection.remote(), t.key(), choice.tcp() ? "TCP" : "UDP");
        return response;
    }

    private FullHttpResponse pause(RtspRequest request, ServerSession session) {
        if (session == null) {
            return Responses.of(RtspResponseStatuses.SESSION_NOT_FOUND, request.cseq());
        }
        play.pause(session);
        return withSession(Responses.of(RtspResponseStatuses.OK, request.cseq()), session);
    }

    private FullHttpResponse teardown(RtspRequest request, ServerSession session) {
        if (session == null) {
            return Responses.of(RtspResponseStatuses.SESSION_NOT_FOUND, request.cseq());
        }
        connection.closeSession(session);
        return Responses.of(RtspResponseStatuses.OK, request.cseq());
    }

    private FullHttpResponse unauthorized(RtspRequest request, AuthOutcome outcome) {
        FullHttpResponse response = Responses.of(RtspResponseStatuses.UNAUTHORIZED, request.cseq());
        for (String challenge : context.authenticator().challenges(outcome.stale())) {
            response.headers().add(RtspHeaderNames.WWW_AUTHENTICATE, challenge);
        }
        if (!outcome.anonymous() && !outcome.stale()) {
            context.metrics().authFailure();
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("method", request.method());
            detail.put("url", RangeHeader.printable(request.uri()));
            detail.put("reason", outcome.reason());
            AuditEntry entry = new AuditEntry(context.clock().wallNow(), outcome.userName(), connection.remote(),
                    "auth.failure", detail);
            LOG.info("RTSP authentication failed for user '{}' from {}: {}", RangeHeader.printable(outcome.userName()),
                    connection.remote(), outcome.reason());
            try {
                context.blocking().execute(() -> {
                    try {
                        context.audit().append(entry);
                    } catch (RuntimeException e) {
                        LOG.warn("audit row auth.failure could not be written", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.warn("audit row auth.failure dropped: blocking executor refused it");
            }
        }
        return response;
    }

    /** {@code id;timeout=N} (RFC 2326 §12.37), the timeout in whole seconds rounded up. */
    String sessionHeader(ServerSession session) {
        long timeoutSeconds = Math.max(1, (context.options().sessionTimeout().toMillis() + 999) / 1000);
        return new RtspSessionHeader(session.id(), Optional.of(Duration.ofSeconds(timeoutSeconds))).format();
    }

    FullHttpResponse withSession(FullHttpResponse response, ServerSession session) {
        if (session != null) {
            response.headers().set(RtspHeaderNames.SESSION, sessionHeader(session));
        }
        return response;
    }

    /** The request URL with a trailing slash: the Content-Base the SDP's control names resolve against. */
    static String baseUrl(String uri) {
        return uri.endsWith("/") ? uri : uri + "/";
    }

    /** Runs {@code work} on the blocking executor; completes on this connection's event loop. */
    <T> CompletableFuture<T> blocking(Supplier<T> work) {
        Executor loop = connection.channel().eventLoop();
        try {
            return CompletableFuture.supplyAsync(work, context.blocking())
                    .whenCompleteAsync((v, e) -> { }, loop);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ServiceBusyException());
        }
    }

    static CompletableFuture<Reply> done(FullHttpResponse response) {
        return CompletableFuture.completedFuture(Reply.of(response));
    }

    private static CompletableFuture<Reply> done(Reply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    private boolean channelTaken(PortPair ports) {
        for (ServerSession session : connection.sessions()) {
            if (session.sender().output() instanceof InterleavedOutput interleaved && interleaved.uses(ports)) {
                return true;
            }
        }
        return false;
    }

    /** Options of {@code Require} other than {@code onvif-replay} (ONVIF Streaming §6.2), comma-separated. */
    private static String unsupportedRequirements(String require) {
        if (require == null) {
            return "";
        }
        StringBuilder unsupported = new StringBuilder();
        for (String option : require.split(",", 16)) {
            String o = option.strip().toLowerCase(Locale.ROOT);
            if (!o.isEmpty() && !o.equals(PlayHandler.ONVIF_REPLAY)) {
                unsupported.append(unsupported.length() == 0 ? "" : ", ").append(RangeHeader.printable(o));
            }
        }
        return unsupported.toString();
    }

    /** The blocking executor refused work: the server is overloaded (503). */
    static final class ServiceBusyException extends RuntimeException {
        ServiceBusyException() {
            super("blocking executor is full", null, false, false);
        }
    }
}
