package org.nvr.bench.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspHeaderValues;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nvr.core.demo.DemoTransport;
import org.nvr.core.demo.RequestPath;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.RtspSessionHeader;
import org.nvr.core.rtsp.RtspTransport.PortPair;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP 1.0 side of one simulator connection (RFC 2326): OPTIONS, DESCRIBE, SETUP (TCP interleaved or UDP),
 * PLAY, PAUSE, GET_PARAMETER and SET_PARAMETER (keep-alives), TEARDOWN. Any path {@code /<name>} is a camera, and
 * each session an independent stream of the clip.
 *
 * <p>Answers 454 Session Not Found for a session id it does not hold, and 400 Bad Request for a request Netty's
 * decoder could not parse or without a valid CSeq; the connection stays usable after either. Only when the byte
 * stream cannot be framed at all (a bad Content-Length) does it answer 400 and close.
 */
final class SimRtspHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SimRtspHandler.class);
    private static final Pattern CSEQ = Pattern.compile("[0-9]{1,9}");
    private static final String PUBLIC_METHODS =
            "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER, TEARDOWN";
    private static final String SERVER = "NVR camera simulator (benchmark source)";

    private final PacketizedClip clip;
    private final SimOptions options;
    private final NvrClock clock;
    private final SimCounters counters;
    private final LoopPacer pacer;
    private final UdpPorts udp;
    private final SecureRandom random;
    private final Map<String, SimSession> sessions = new LinkedHashMap<>();
    private ChannelHandlerContext mediaContext;

    /**
     * @param pacer the pacer of this connection's event loop
     * @param udp   the UDP port pair of this connection's event loop
     */
    SimRtspHandler(PacketizedClip clip, SimOptions options, NvrClock clock, SimCounters counters, LoopPacer pacer,
                   UdpPorts udp, SecureRandom random) {
        this.clip = clip;
        this.options = options;
        this.clock = clock;
        this.counters = counters;
        this.pacer = pacer;
        this.udp = udp;
        this.random = random;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Media is written from the RTSP encoder's context, i.e. starting at the handler in front of it.
        mediaContext = ctx.pipeline().context(RtspEncoder.class);
        if (mediaContext == null) {
            throw new IllegalStateException("the pipeline has no RtspEncoder (RtspServerCodecs.addTo first)");
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (String id : new ArrayList<>(sessions.keySet())) {
            forget(id);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            // A request or an interleaved RTCP receiver report: either way the client is alive.
            sessions.values().forEach(SimSession::touch);
            if (msg instanceof FullHttpRequest request) {
                handle(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("camera simulator connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        if (cause instanceof DecoderException && ctx.channel().isActive()) {
            // The interleaved framer gave up on this byte stream (RFC 2326 §10.12): answer once, then hang up.
            FullHttpResponse response = response(RtspResponseStatuses.BAD_REQUEST, null);
            response.headers().set(RtspHeaderNames.CONNECTION, RtspHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String cseq = request.headers().get(RtspHeaderNames.CSEQ);
        if (request.decoderResult().isFailure()) {
            // RtspDecoder stops at a bad message until it is reset; the interleaved framer has cut the stream at
            // message boundaries already, so the next request parses cleanly.
            RtspDecoder decoder = ctx.pipeline().get(RtspDecoder.class);
            if (decoder != null) {
                decoder.reset();
            }
            reply(ctx, badRequest(cseq, "malformed request: " + request.decoderResult().cause()));
            return;
        }
        if (cseq == null || !CSEQ.matcher(cseq.trim()).matches()) {
            reply(ctx, badRequest(null, "missing or bad CSeq (RFC 2326 §12.17)"));
            return;
        }
        cseq = cseq.trim();
        HttpMethod method = request.method();
        if (RtspMethods.OPTIONS.equals(method)) {
            FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
            response.headers().set(RtspHeaderNames.PUBLIC, PUBLIC_METHODS);
            reply(ctx, response);
        } else if (RtspMethods.DESCRIBE.equals(method)) {
            reply(ctx, describe(ctx, request, cseq));
        } else if (RtspMethods.SETUP.equals(method)) {
            reply(ctx, setup(ctx, request, cseq));
        } else if (RtspMethods.PLAY.equals(method)) {
            play(ctx, request, cseq);
        } else if (RtspMethods.PAUSE.equals(method)) {
            reply(ctx, pause(request, cseq));
        } else if (RtspMethods.GET_PARAMETER.equals(method) || RtspMethods.SET_PARAMETER.equals(method)) {
            reply(ctx, keepAlive(request, cseq));
        } else if (RtspMethods.TEARDOWN.equals(method)) {
            reply(ctx, teardown(request, cseq));
        } else if (RtspMethods.RECORD.equals(method) || RtspMethods.ANNOUNCE.equals(method)
                || RtspMethods.REDIRECT.equals(method)) {
            // RFC 2326 §11.3.6: 405 lists the methods that are allowed.
            FullHttpResponse response = response(RtspResponseStatuses.METHOD_NOT_ALLOWED, cseq);
            response.headers().set(RtspHeaderNames.ALLOW, PUBLIC_METHODS);
            reply(ctx, response);
        } else {
            reply(ctx, response(RtspResponseStatuses.NOT_IMPLEMENTED, cseq));
        }
    }

    private FullHttpResponse describe(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        Optional<RequestPath> path = RequestPath.parse(request.uri());
        if (path.isEmpty() || path.get().track() != null) {
            return response(RtspResponseStatuses.NOT_FOUND, cseq);
        }
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        String sdp = SimSdp.describe(clip, random.nextLong() >>> 1, local.getAddress());
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq,
                Unpooled.copiedBuffer(sdp, StandardCharsets.UTF_8));
        response.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
        response.headers().set(RtspHeaderNames.CONTENT_BASE, path.get().baseUrl(request.uri(), local));
        return response;
    }

    private FullHttpResponse setup(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        Optional<RequestPath> path = RequestPath.parse(request.uri());
        if (path.isEmpty() || (path.get().track() != null && !path.get().track().equals(SimSdp.TRACK))) {
            return response(RtspResponseStatuses.NOT_FOUND, cseq);
        }
        String named = sessionId(request);
        if (named != null) {
            // One track per stream: a second SETUP in the same session has nothing to add (RFC 2326 §10.4).
            return response(sessions.containsKey(named) ? RtspResponseStatuses.AGGREGATE_OPERATION_NOT_ALLOWED
                    : RtspResponseStatuses.SESSION_NOT_FOUND, cseq);
        }
        if (sessions.size() >= options.maxSessionsPerConnection()) {
            return response(RtspResponseStatuses.NOT_ENOUGH_BANDWIDTH, cseq);
        }
        String transportHeader = request.headers().get(RtspHeaderNames.TRANSPORT);
        if (transportHeader == null) {
            return badRequest(cseq, "SETUP without Transport (RFC 2326 §12.39)");
        }
        Optional<DemoTransport> chosen = DemoTransport.choose(transportHeader);
        if (chosen.isEmpty()) {
            return response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq);
        }
        DemoTransport transport = chosen.get();
        long ssrc = random.nextInt() & 0xffffffffL;
        int initialSequence = random.nextInt(0x10000);
        long timestampOffset = random.nextInt() & 0xffffffffL;
        String id = HexFormat.of().toHexDigits(random.nextLong());
        Impairments impairments = new Impairments(path.get().stream(), options.jitterMillis(),
                options.lossPercent(), options.seed());
        MediaOutput output;
        String transportReply;
        long silenceTimeoutNanos;
        Channel channel = ctx.channel();
        if (transport.tcp()) {
            if (transport.firstPort() < 0) {
                transport = transport.withChannels(2 * sessions.size(), 2 * sessions.size() + 1);
            }
            output = new InterleavedOutput(mediaContext, clip, ssrc, transport.firstPort(), transport.secondPort(),
                    options.writeMode());
            transportReply = transport.reply(Optional.empty(), ssrc);
            silenceTimeoutNanos = 0;
        } else {
            // Media goes only to the address the request came from: no third-party destination.
            InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
            InetSocketAddress clientRtp = new InetSocketAddress(remote.getAddress(), transport.firstPort());
            InetSocketAddress clientRtcp = new InetSocketAddress(remote.getAddress(), transport.secondPort());
            if (udp.taken(clientRtcp)) {
                return response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq);
            }
            output = new UdpOutput(udp, clip, ssrc, clientRtp, clientRtcp, options.writeMode());
            transportReply = transport.reply(Optional.of(new PortPair(udp.rtpPort(), udp.rtpPort() + 1)), ssrc);
            silenceTimeoutNanos = options.udpSessionTimeout().toNanos();
        }
        SimSession session = new SimSession(id, clip, output, impairments, counters, clock,
                options.rtcpInterval().toNanos(), silenceTimeoutNanos, ssrc, initialSequence, timestampOffset);
        session.onTimeout(() -> {
            LOG.debug("camera simulator session {} timed out", id);
            forget(id);
        });
        if (output instanceof UdpOutput udpOutput) {
            udp.register(udpOutput.clientRtcp(), session);
        }
        sessions.put(id, session);
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.TRANSPORT, transportReply);
        // RFC 2326 §12.37: the timeout in whole seconds, rounded up so that a client never waits too long.
        long timeoutSeconds = Math.max(1, (options.udpSessionTimeout().toMillis() + 999) / 1000);
        response.headers().set(RtspHeaderNames.SESSION,
                new RtspSessionHeader(id, Optional.of(Duration.ofSeconds(timeoutSeconds))).format());
        LOG.debug("camera simulator session {} for {} {} over {}", id, channel.remoteAddress(), path.get().stream(),
                transportReply);
        return response;
    }

    private void play(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        SimSession session = session(request);
        Optional<RequestPath> path = RequestPath.parse(request.uri());
        if (session == null) {
            reply(ctx, response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq));
            return;
        }
        if (path.isEmpty()) {
            reply(ctx, response(RtspResponseStatuses.NOT_FOUND, cseq));
            return;
        }
        boolean resume = !session.playing();
        SimSession.RtpInfo info = session.play(clock.monotonicNanos());
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.SESSION, session.id());
        response.headers().set(RtspHeaderNames.RANGE, "npt=now-");
        // RFC 2326 §12.33: the first packet's sequence number and RTP time, so that the client can tell which
        // packets belong to this PLAY and where the stream's media clock starts.
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        response.headers().set(RtspHeaderNames.RTP_INFO, "url=" + path.get().baseUrl(request.uri(), local)
                + SimSdp.TRACK + ";seq=" + info.sequence() + ";rtptime=" + info.timestamp32());
        reply(ctx, response);
        if (resume) {
            // After the response, so that no RTP precedes it on the connection.
            pacer.add(session);
        }
    }

    private FullHttpResponse pause(FullHttpRequest request, String cseq) {
        SimSession session = session(request);
        if (session == null) {
            return response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq);
        }
        session.pause();
        pacer.remove(session);
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.SESSION, session.id());
        return response;
    }

    private FullHttpResponse keepAlive(FullHttpRequest request, String cseq) {
        String id = sessionId(request);
        if (id != null && !sessions.containsKey(id)) {
            return response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq);
        }
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        if (id != null) {
            response.headers().set(RtspHeaderNames.SESSION, id);
        }
        return response;
    }

    private FullHttpResponse teardown(FullHttpRequest request, String cseq) {
        SimSession session = session(request);
        if (session == null) {
            return response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq);
        }
        forget(session.id());
        LOG.debug("camera simulator session {} torn down", session.id());
        return response(RtspResponseStatuses.OK, cseq);
    }

    /** Ends a session and forgets it everywhere: here, in the pacer and in the UDP ports' map. */
    private void forget(String id) {
        SimSession session = sessions.remove(id);
        if (session == null) {
            return;
        }
        session.stop();
        pacer.remove(session);
        if (session.output() instanceof UdpOutput udpOutput) {
            udp.unregister(udpOutput.clientRtcp(), session);
        }
    }

    /** The session the request names, or null (no Session header, a malformed one, or an unknown id). */
    private SimSession session(FullHttpRequest request) {
        String id = sessionId(request);
        return id == null ? null : sessions.get(id);
    }

    /**
     * The session id the request names, without {@code ;timeout=} (RFC 2326 §12.37); null without a Session header,
     * and "" (no session has that id: 454) when the header is malformed.
     */
    private static String sessionId(FullHttpRequest request) {
        String header = request.headers().get(RtspHeaderNames.SESSION);
        if (header == null) {
            return null;
        }
        try {
            return RtspSessionHeader.parse(header).id();
        } catch (MalformedInputException e) {
            return "";
        }
    }

    private static void reply(ChannelHandlerContext ctx, FullHttpResponse response) {
        ctx.writeAndFlush(response);
    }

    private static FullHttpResponse badRequest(String cseq, String why) {
        LOG.debug("camera simulator: 400 Bad Request: {}", why);
        return response(RtspResponseStatuses.BAD_REQUEST,
                cseq != null && CSEQ.matcher(cseq.trim()).matches() ? cseq.trim() : null);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String cseq) {
        return response(status, cseq, Unpooled.EMPTY_BUFFER);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String cseq, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, status, body);
        if (cseq != null) {
            response.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        response.headers().set(RtspHeaderNames.SERVER, SERVER);
        response.headers().setInt(RtspHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }
}
