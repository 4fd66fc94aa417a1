package org.nvr.core.demo;

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
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspHeaderValues;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.nvr.core.h264.H264Packetizer;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.RtspSessionHeader;
import org.nvr.core.rtsp.RtspTransport.PortPair;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP side of one demo camera connection (RFC 2326): OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER and
 * TEARDOWN. Any path of {@code [A-Za-z0-9_-]} is a camera, each session an independent stream of the clip.
 *
 * <p>A connection that sends nothing (no request, no interleaved RTCP, no UDP RTCP for its sessions) for the
 * session timeout is closed, and its sessions end with it.
 */
final class DemoRtspHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRtspHandler.class);
    /** A stream name: the first path segment. Long enough for benchmark names, short enough to log. */
    private static final Pattern CSEQ = Pattern.compile("[0-9]{1,9}");
    private static final String PUBLIC_METHODS = "OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN";
    private static final String SERVER = "NVR demo camera (test source)";

    private final DemoClip clip;
    private final DemoServerOptions options;
    private final NvrClock clock;
    private final DemoCounters counters;
    private final DemoUdpSockets udp;
    private final SecureRandom random;
    private final Map<String, DemoStream> sessions = new LinkedHashMap<>();
    private long lastReadNanos;
    private ScheduledFuture<?> timeoutCheck;

    DemoRtspHandler(DemoClip clip, DemoServerOptions options, NvrClock clock, DemoCounters counters,
                    DemoUdpSockets udp, SecureRandom random) {
        this.clip = clip;
        this.options = options;
        this.clock = clock;
        this.counters = counters;
        this.udp = udp;
        this.random = random;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastReadNanos = clock.monotonicNanos();
        long periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(50), options.sessionTimeout().toNanos() / 4);
        timeoutCheck = ctx.executor().scheduleAtFixedRate(() -> closeIfIdle(ctx), periodNanos, periodNanos,
                TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timeoutCheck != null) {
            timeoutCheck.cancel(false);
        }
        sessions.values().forEach(DemoStream::stop);
        sessions.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = clock.monotonicNanos();
        try {
            if (msg instanceof FullHttpRequest request) {
                handle(ctx, request);
            }
            // Interleaved frames from the client are RTCP receiver reports: they only prove it is alive.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A DecoderException means the interleaved framer gave up on this byte stream (RFC 2326 §10.12):
        // answer once, then hang up. Anything else is a broken socket.
        LOG.debug("demo camera connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        if (!(cause instanceof DecoderException)) {
            ctx.close();
        } else if (ctx.channel().isActive()) {
            FullHttpResponse response = response(RtspResponseStatuses.BAD_REQUEST, null);
            response.headers().set(RtspHeaderNames.CONNECTION, RtspHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void closeIfIdle(ChannelHandlerContext ctx) {
        long last = lastReadNanos;
        for (DemoStream stream : sessions.values()) {
            last = Math.max(last, stream.lastRtcpNanos());
        }
        if (clock.monotonicNanos() - last > options.sessionTimeout().toNanos()) {
            LOG.debug("demo camera connection {} silent for {}, closing", ctx.channel().remoteAddress(),
                    options.sessionTimeout());
            ctx.close();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String cseq = request.headers().get(RtspHeaderNames.CSEQ);
        if (request.decoderResult().isFailure()) {
            // RtspDecoder stops at a bad message until reset; the interleaved framer has already cut the stream
            // at message boundaries, so the next request parses cleanly.
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
        FullHttpResponse response;
        if (RtspMethods.OPTIONS.equals(method)) {
            response = response(RtspResponseStatuses.OK, cseq);
            response.headers().set(RtspHeaderNames.PUBLIC, PUBLIC_METHODS);
        } else if (RtspMethods.DESCRIBE.equals(method)) {
            response = describe(ctx, request, cseq);
        } else if (RtspMethods.SETUP.equals(method)) {
            response = setup(ctx, request, cseq);
        } else if (RtspMethods.PLAY.equals(method)) {
            play(ctx, request, cseq);
            return;
        } else if (RtspMethods.GET_PARAMETER.equals(method)) {
            response = keepAlive(request, cseq);
        } else if (RtspMethods.TEARDOWN.equals(method)) {
            response = teardown(request, cseq);
        } else if (RtspMethods.PAUSE.equals(method) || RtspMethods.RECORD.equals(method)
                || RtspMethods.ANNOUNCE.equals(method) || RtspMethods.SET_PARAMETER.equals(method)
                || RtspMethods.REDIRECT.equals(method)) {
            // RFC 2326 §11.3.6: 405 lists the methods that are allowed.
            response = response(RtspResponseStatuses.METHOD_NOT_ALLOWED, cseq);
            response.headers().set(RtspHeaderNames.ALLOW, PUBLIC_METHODS);
        } else {
            response = response(RtspResponseStatuses.NOT_IMPLEMENTED, cseq);
        }
        reply(ctx, response);
    }

    private FullHttpResponse describe(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        Optional<RequestPath> path = RequestPath.parse(request.uri());
        if (path.isEmpty() || path.get().track() != null) {
            return response(RtspResponseStatuses.NOT_FOUND, cseq);
        }
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        String sdp = DemoSdp.describe(clip, random.nextLong() >>> 1, local.getAddress());
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq,
                Unpooled.copiedBuffer(sdp, StandardCharsets.UTF_8));
        response.headers().set(RtspHeaderNames.CONTENT_TYPE, "application/sdp");
        response.headers().set(RtspHeaderNames.CONTENT_BASE, path.get().baseUrl(request.uri(), local));
        return response;
    }

    private FullHttpResponse setup(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        Optional<RequestPath> path = RequestPath.parse(request.uri());
        if (path.isEmpty() || (path.get().track() != null && !path.get().track().equals(DemoSdp.TRACK))) {
            return response(RtspResponseStatuses.NOT_FOUND, cseq);
        }
        if (request.headers().get(RtspHeaderNames.SESSION) != null) {
            // One track per stream, so a second SETUP in the same session has nothing to add (§10.4).
            return response(RtspResponseStatuses.AGGREGATE_OPERATION_NOT_ALLOWED, cseq);
        }
        if (sessions.size() >= options.maxSessionsPerConnection()) {
            return response(RtspResponseStatuses.NOT_ENOUGH_BANDWIDTH, cseq);
        }
        Optional<DemoTransport> chosen = DemoTransport.choose(request.headers().get(RtspHeaderNames.TRANSPORT));
        if (chosen.isEmpty() || (!chosen.get().tcp() && udp == null)) {
            return response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq);
        }
        DemoTransport transport = chosen.get();
        if (transport.tcp() && transport.firstPort() < 0) {
            transport = transport.withChannels(2 * sessions.size(), 2 * sessions.size() + 1);
        }
        long ssrc = random.nextInt() & 0xffffffffL;
        H264Packetizer packetizer = new H264Packetizer(DemoSdp.PAYLOAD_TYPE, ssrc, random.nextInt(0x10000),
                options.maxRtpPayloadBytes());
        long startTimestamp = random.nextInt() & 0xffffffffL;
        Channel channel = ctx.channel();
        String sessionId = HexFormat.of().toHexDigits(random.nextLong());
        String transportReply;
        DemoStream stream;
        if (transport.tcp()) {
            RtpSink sink = new InterleavedRtpSink(channel, transport.firstPort(), transport.secondPort());
            stream = newStream(ctx, sink, packetizer, startTimestamp);
            transportReply = transport.reply(Optional.empty(), ssrc);
        } else {
            // Media goes only to the address the RTSP request came from: no third-party destination.
            InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
            InetSocketAddress clientRtp = new InetSocketAddress(remote.getAddress(), transport.firstPort());
            InetSocketAddress clientRtcp = new InetSocketAddress(remote.getAddress(), transport.secondPort());
            if (udp.rtcpSenders().containsKey(clientRtcp)) {
                return response(RtspResponseStatuses.UNSUPPORTED_TRANSPORT, cseq);
            }
            RtpSink sink = new UdpRtpSink(udp.rtp(), udp.rtcp(), clientRtp, clientRtcp, udp.rtcpSenders());
            stream = newStream(ctx, sink, packetizer, startTimestamp);
            udp.rtcpSenders().put(clientRtcp, stream);
            transportReply = transport.reply(Optional.of(new PortPair(udp.rtpPort(), udp.rtpPort() + 1)), ssrc);
        }
        sessions.put(sessionId, stream);
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.TRANSPORT, transportReply);
        // RFC 2326 §12.37: timeout in whole seconds; round up so a client never waits too long.
        long timeoutSeconds = Math.max(1, (options.sessionTimeout().toMillis() + 999) / 1000);
        response.headers().set(RtspHeaderNames.SESSION,
                new RtspSessionHeader(sessionId, Optional.of(Duration.ofSeconds(timeoutSeconds))).format());
        LOG.debug("demo camera session {} for {} {} over {}", sessionId, channel.remoteAddress(),
                path.get().stream(), transportReply);
        return response;
    }

    private DemoStream newStream(ChannelHandlerContext ctx, RtpSink sink, H264Packetizer packetizer,
                                 long startTimestamp) {
        return new DemoStream(clip, sink, packetizer, startTimestamp, ctx.executor(), clock,
                options.rtcpInterval(), counters, ctx.alloc());
    }

    private void play(ChannelHandlerContext ctx, FullHttpRequest request, String cseq) {
        String sessionId = sessionId(request);
        DemoStream stream = sessionId == null ? null : sessions.get(sessionId);
        Optional<RequestPath> path = RequestPath.parse(request.uri());
        if (stream == null || path.isEmpty()) {
            reply(ctx, response(stream == null ? RtspResponseStatuses.SESSION_NOT_FOUND
                    : RtspResponseStatuses.NOT_FOUND, cseq));
            return;
        }
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        response.headers().set(RtspHeaderNames.SESSION, sessionId);
        response.headers().set(RtspHeaderNames.RANGE, "npt=now-");
        if (!stream.playing()) {
            // RFC 2326 §12.33: the first packet's sequence number and timestamp, so the client can tell
            // which packets belong to this PLAY.
            InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
            response.headers().set(RtspHeaderNames.RTP_INFO, "url=" + path.get().baseUrl(request.uri(), local)
                    + DemoSdp.TRACK + ";seq=" + stream.startSequence() + ";rtptime="
                    + stream.startTimestamp());
        }
        reply(ctx, response);
        stream.play();
    }

    private FullHttpResponse keepAlive(FullHttpRequest request, String cseq) {
        String sessionId = sessionId(request);
        if (sessionId != null && !sessions.containsKey(sessionId)) {
            return response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq);
        }
        FullHttpResponse response = response(RtspResponseStatuses.OK, cseq);
        if (sessionId != null) {
            response.headers().set(RtspHeaderNames.SESSION, sessionId);
        }
        return response;
    }

    private FullHttpResponse teardown(FullHttpRequest request, String cseq) {
        String sessionId = sessionId(request);
        DemoStream stream = sessionId == null ? null : sessions.remove(sessionId);
        if (stream == null) {
            return response(RtspResponseStatuses.SESSION_NOT_FOUND, cseq);
        }
        stream.stop();
        LOG.debug("demo camera session {} torn down", sessionId);
        return response(RtspResponseStatuses.OK, cseq);
    }

    /**
     * The session id the request names, without parameters such as {@code ;timeout=} (RFC 2326 §12.37); null
     * without a Session header, and "" (no session has that id: 454) when the header is malformed.
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

    private FullHttpResponse badRequest(String cseq, String why) {
        LOG.debug("demo camera: 400 Bad Request: {}", why);
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
