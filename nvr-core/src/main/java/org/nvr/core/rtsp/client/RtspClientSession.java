package org.nvr.core.rtsp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspMethods;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.nvr.core.h264.H264Depacketizer;
import org.nvr.core.h264.ParameterSetTracker;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtp.ReceiverStats;
import org.nvr.core.rtsp.H264Fmtp;
import org.nvr.core.rtsp.InterleavedFrame;
import org.nvr.core.rtsp.MediaDescription;
import org.nvr.core.rtsp.RtpMap;
import org.nvr.core.rtsp.RtspAuthenticator;
import org.nvr.core.rtsp.RtspClientCodecs;
import org.nvr.core.rtsp.RtspSessionHeader;
import org.nvr.core.rtsp.RtspTransport;
import org.nvr.core.rtsp.RtspUrls;
import org.nvr.core.rtsp.SessionDescription;
import org.nvr.core.rtsp.UrlCredentials;
import org.nvr.core.time.NvrClock;
import org.nvr.core.time.WallClockMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP session with a camera (RFC 2326): OPTIONS, DESCRIBE, SETUP of the H.264 video track, PLAY, then
 * keep-alives and RTCP receiver reports until it ends, and TEARDOWN when the NVR closes it.
 *
 * <p>Everything runs on one event loop, the camera's: no locks. The session never retries: it ends once, with a
 * {@link SessionEnd} saying why, and {@code CameraIngest} owns the retry loop. Credentials go only into
 * {@code Authorization} headers, never into logs or the URL.
 */
public final class RtspClientSession implements StreamSession {
    private static final Logger log = LoggerFactory.getLogger(RtspClientSession.class);
    /** RFC 3550 §6.2: receiver reports about every 5 s at our bandwidth share. */
    private static final Duration RECEIVER_REPORT_INTERVAL = Duration.ofSeconds(5);
    /** RFC 2326 §12.37: 60 s when the Session header names no timeout. */
    private static final Duration MIN_KEEPALIVE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_KEEPALIVE_INTERVAL = Duration.ofSeconds(30);

    private final String label;
    private final EventLoop loop;
    private final NvrClock clock;
    private final MediaListener listener;
    private final CompletableFuture<Void> playing = new CompletableFuture<>();
    private final CompletableFuture<SessionEnd> ended = new CompletableFuture<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final long ourSsrc = ThreadLocalRandom.current().nextInt() & 0xffffffffL;

    private RtspClientConfig config;
    private Channel channel;
    private RtspRequester requests;
    private int redirectsLeft;
    private Set<String> publicMethods = Set.of();
    private Duration sessionTimeout = Duration.ofSeconds(60);
    private String playUrl;
    private TransportMode activeTransport;
    private int rtpChannel = 0;
    private int rtcpChannel = 1;
    private UdpMediaChannels udp;
    // Set on the event loop at PLAY, read by status queries from other threads.
    private volatile RtpReceiver receiver;
    private long malformedRtpPackets;
    private boolean ending;

    /**
     * @param config   where and how to connect
     * @param label    how logs name this stream, e.g. {@code camera front-door/main}
     * @param loop     the event loop that runs this session (and the camera's ingest)
     * @param clock    wall and monotonic clocks
     * @param listener receives parameters and access units on {@code loop}
     */
    public RtspClientSession(RtspClientConfig config, String label, EventLoop loop, NvrClock clock,
                             MediaListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.label = Objects.requireNonNull(label, "label");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.redirectsLeft = config.maxRedirects();
    }

    /** Completes when PLAY was answered with success: media flows from now on. */
    public CompletableFuture<Void> playing() {
        return playing;
    }

    /** Completes once, when the session has ended for any reason, after its sockets are closed. */
    @Override
    public CompletableFuture<SessionEnd> ended() {
        return ended;
    }

    /** The transport in use after SETUP, or null before. */
    public TransportMode activeTransport() {
        return activeTransport;
    }

    @Override
    public Optional<Duration> cameraClockOffset() {
        WallClockMapper mapper = wallClock();
        return mapper == null ? Optional.empty() : mapper.cameraClockOffset();
    }

    /** The wall clock mapper of the running session (clock source and camera offset), or null before PLAY. */
    public WallClockMapper wallClock() {
        return receiver == null ? null : receiver.wallClock();
    }

    /** Starts connecting. Call once. */
    @Override
    public void start() {
        loop.execute(this::connectAndPlay);
    }

    private void connectAndPlay() {
        try {
            connect();
        } catch (RuntimeException e) {
            end(e);
        }
    }

    /** Ends the session as the NVR's own decision: TEARDOWN if it is playing, then close. */
    @Override
    public void close() {
        loop.execute(() -> end(new SessionEnd(GapCause.RESTART, "closed by the NVR", true)));
    }

    private void connect() {
        if (ending) {
            return;
        }
        RtspAuthenticator authenticator = config.username() == null ? null
                : new RtspAuthenticator(config.username(), config.password());
        URI uri = URI.create(config.url());
        int port = uri.getPort() == -1 ? 554 : uri.getPort();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RtspClientCodecs.addTo(ch.pipeline(), config.maxHeaderBytes(), config.maxContentBytes());
                        ch.pipeline().addLast("session", new Handler());
                    }
                });
        ChannelFuture connect = bootstrap.connect(uri.getHost(), port);
        channel = connect.channel();
        requests = new RtspRequester(channel, authenticator, config.requestTimeout(), label);
        connect.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                end(f.cause());
                return;
            }
            handshake();
        });
    }

    private void handshake() {
        requests.send(RtspMethods.OPTIONS, config.url(), h -> { })
                .thenCompose(options -> {
                    // OPTIONS only tells which methods exist; a camera that refuses it may still stream.
                    if (options.isSuccess()) {
                        publicMethods = parsePublic(options.headers().get(RtspHeaderNames.PUBLIC));
                    }
                    return requests.send(RtspMethods.DESCRIBE, config.url(), h -> h.set(RtspHeaderNames.ACCEPT,
                            "application/sdp"));
                })
                .thenCompose(describe -> {
                    if (describe.isRedirect()) {
                        throw new RedirectSignal(describe.headers().get(HttpHeaderNames.LOCATION));
                    }
                    expectSuccess(RtspMethods.DESCRIBE, describe);
                    return setup(describe, config.transport() == TransportMode.UDP ? TransportMode.UDP
                            : TransportMode.TCP);
                })
                .thenCompose(v -> requests.send(RtspMethods.PLAY, playUrl,
                        h -> h.set(RtspHeaderNames.RANGE, "npt=0.000-")))
                .whenComplete((play, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        if (cause instanceof RedirectSignal redirect) {
                            followRedirect(redirect.location);
                        } else {
                            end(cause);
                        }
                        return;
                    }
                    try {
                        expectSuccess(RtspMethods.PLAY, play);
                    } catch (RuntimeException e) {
                        end(e);
                        return;
                    }
                    startStreaming();
                });
    }

    private CompletableFuture<Void> setup(RtspResponse describe, TransportMode transport) {
        SessionDescription sdp = SessionDescription.parse(describe.body());
        MediaDescription video = sdp.firstMedia("video", "H264").orElseThrow(() -> new MalformedInputException(
                "the camera's SDP has no H.264 video track (media: " + describeMedia(sdp) + ")"));
        RtpMap rtpMap = video.rtpMaps().stream().filter(m -> m.encoding().equalsIgnoreCase("H264"))
                .findFirst().orElseThrow();
        ParameterSetTracker parameterSets = new ParameterSetTracker();
        String fmtpText = video.fmtp().get(rtpMap.payloadType());
        if (fmtpText != null) {
            H264Fmtp fmtp = H264Fmtp.parse(fmtpText);
            if (fmtp.packetizationMode() == 2) {
                // RFC 6184 §6.4: interleaved mode needs DON reordering, which no camera we know of uses.
                throw new MalformedInputException("H.264 packetization-mode=2 (interleaved) is not supported");
            }
            if (fmtp.sps() != null && fmtp.pps() != null) {
                parameterSets.setOutOfBand(fmtp.sps(), fmtp.pps());
            }
        }
        String base = contentBase(describe);
        String sessionControl = sdp.control();
        String aggregateBase = sessionControl != null && sessionControl.regionMatches(true, 0, "rtsp://", 0, 7)
                ? sessionControl : base;
        String mediaUrl = RtspUrls.resolveControl(aggregateBase, video.control());
        playUrl = sessionControl == null ? base : RtspUrls.resolveControl(base, sessionControl);
        WallClockMapper wallClock = WallClockMapper.forVideo(clock);
        receiver = new RtpReceiver(label, rtpMap.payloadType(),
                new H264Depacketizer(config.maxAccessUnitBytes(), 256), parameterSets, wallClock, clock,
                rtpMap.clockRate(), listener);
        return sendSetup(mediaUrl, transport);
    }

    private CompletableFuture<Void> sendSetup(String mediaUrl, TransportMode transport) {
        RtspTransport offer;
        if (transport == TransportMode.UDP) {
            if (udp == null) {
                udp = UdpMediaChannels.bind(loop, ((InetSocketAddress) channel.remoteAddress()).getAddress(),
                        receiver, config.udpReorderPackets(), label);
            }
            offer = RtspTransport.udp(udp.rtpPort());
        } else {
            offer = RtspTransport.tcpInterleaved(0);
        }
        return requests.send(RtspMethods.SETUP, mediaUrl, h -> h.set(RtspHeaderNames.TRANSPORT, offer.format()))
                .thenCompose(response -> {
                    if (response.statusCode() == RtspResponseStatuses.UNSUPPORTED_TRANSPORT.code()
                            && transport == TransportMode.TCP && config.transport() == TransportMode.AUTO) {
                        // VLC's RTSP server and some older cameras serve UDP only and answer 461 to interleaved.
                        log.info("{}: camera refuses TCP-interleaved (461); falling back to UDP", label);
                        return sendSetup(mediaUrl, TransportMode.UDP);
                    }
                    if (response.statusCode() == RtspResponseStatuses.UNSUPPORTED_TRANSPORT.code()
                            && config.transport() == TransportMode.TCP) {
                        throw new RtspStatusException("SETUP", 461,
                                "Unsupported Transport (the camera is pinned to TCP; allow UDP or AUTO)");
                    }
                    expectSuccess(RtspMethods.SETUP, response);
                    acceptSetup(response, transport);
                    return CompletableFuture.completedFuture(null);
                });
    }

    private void acceptSetup(RtspResponse response, TransportMode transport) {
        String sessionHeader = response.headers().get(RtspHeaderNames.SESSION);
        if (sessionHeader == null) {
            throw new MalformedInputException("SETUP response has no Session header");
        }
        RtspSessionHeader session = RtspSessionHeader.parse(sessionHeader);
        requests.sessionId(session.id());
        sessionTimeout = session.timeoutOrDefault();
        String transportHeader = response.headers().get(RtspHeaderNames.TRANSPORT);
        if (transportHeader == null) {
            throw new MalformedInputException("SETUP response has no Transport header");
        }
        RtspTransport accepted = RtspTransport.parse(transportHeader);
        if (transport == TransportMode.TCP) {
            // The camera may pick other channels than we offered (RFC 2326 §12.39); use its choice.
            accepted.interleaved().ifPresent(channels -> {
                rtpChannel = channels.rtp();
                rtcpChannel = channels.rtcp();
            });
        } else {
            RtspTransport.PortPair serverPorts = accepted.serverPort().orElseThrow(
                    () -> new MalformedInputException("UDP SETUP response has no server_port"));
            udp.connectTo(serverPorts.rtp(), serverPorts.rtcp());
        }
        activeTransport = transport;
    }

    private void startStreaming() {
        log.info("{}: playing over {} (session timeout {} s)", label, activeTransport,
                sessionTimeout.toSeconds());
        long keepaliveMillis = Math.max(MIN_KEEPALIVE_INTERVAL.toMillis(),
                Math.min(MAX_KEEPALIVE_INTERVAL.toMillis(), sessionTimeout.toMillis() / 2));
        timers.add(loop.scheduleAtFixedRate(this::keepalive, keepaliveMillis, keepaliveMillis,
                TimeUnit.MILLISECONDS));
        long rrMillis = RECEIVER_REPORT_INTERVAL.toMillis();
        timers.add(loop.scheduleAtFixedRate(this::sendReceiverReport, rrMillis, rrMillis, TimeUnit.MILLISECONDS));
        playing.complete(null);
    }

    private void keepalive() {
        // GET_PARAMETER with no body is the usual keep-alive (RFC 2326 §10.8); OPTIONS for cameras without it.
        HttpMethod method = publicMethods.contains("GET_PARAMETER") ? RtspMethods.GET_PARAMETER
                : RtspMethods.OPTIONS;
        requests.send(method, playUrl, h -> { }).whenComplete((response, error) -> {
            if (error != null) {
                end(unwrap(error));
            } else if (response.statusCode() == RtspResponseStatuses.SESSION_NOT_FOUND.code()) {
                end(new RtspStatusException(method.name(), response.statusCode(), "Session Not Found"));
            }
        });
    }

    private void sendReceiverReport() {
        ReceiverStats stats = receiver.stats();
        if (stats == null) {
            return;
        }
        ByteBuf report = stats.buildReceiverReport(channel.alloc(), ourSsrc, "nvr");
        if (activeTransport == TransportMode.UDP) {
            udp.sendRtcp(report);
        } else {
            channel.writeAndFlush(new InterleavedFrame(rtcpChannel, report))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
    }

    private void followRedirect(String location) {
        if (location == null || redirectsLeft == 0) {
            end(new RtspStatusException("DESCRIBE", 302, location == null ? "redirect without Location"
                    : "too many redirects"));
            return;
        }
        redirectsLeft--;
        String target;
        try {
            target = RtspUrls.resolveControl(config.url(), location);
            UrlCredentials split = UrlCredentials.split(target);
            target = split.urlWithoutUserInfo();
        } catch (MalformedInputException e) {
            end(e);
            return;
        }
        String oldHost = URI.create(config.url()).getHost();
        String newHost = URI.create(target).getHost();
        log.info("{}: redirected to {}", label, target);
        // Credentials go to the host they were configured for, never to another one a redirect names.
        config = oldHost.equalsIgnoreCase(newHost) ? config.withUrl(target) : config.withUrl(target)
                .withoutCredentials();
        Channel old = channel;
        old.pipeline().remove("session");
        old.close();
        requests.close(new MalformedInputException("redirected"));
        connectAndPlay();
    }

    private void onServerRequest(ChannelHandlerContext ctx, FullHttpRequest request) {
        // Some cameras send ANNOUNCE, SET_PARAMETER or OPTIONS to the client; we implement none of them.
        FullHttpResponse answer = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0,
                RtspResponseStatuses.NOT_IMPLEMENTED);
        String cseq = request.headers().get(RtspHeaderNames.CSEQ);
        if (cseq != null) {
            answer.headers().set(RtspHeaderNames.CSEQ, cseq);
        }
        answer.headers().set(RtspHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(answer);
    }

    private void onInterleaved(InterleavedFrame frame) {
        if (receiver == null) {
            return;
        }
        if (frame.channel() == rtpChannel) {
            try {
                receiver.onRtp(frame.content());
            } catch (MalformedInputException e) {
                if (malformedRtpPackets++ % 1000 == 0) {
                    log.warn("{}: malformed RTP packet ({} so far): {}", label, malformedRtpPackets, e.getMessage());
                }
            }
        } else if (frame.channel() == rtcpChannel) {
            receiver.onRtcp(frame.content());
        }
    }

    private void end(Throwable error) {
        end(classify(error));
    }

    private void end(SessionEnd end) {
        // Failing the pending requests below re-enters end() through their callbacks: the first reason wins.
        if (ending) {
            return;
        }
        ending = true;
        timers.forEach(t -> t.cancel(false));
        timers.clear();
        Channel ch = channel;
        if (requests != null) {
            requests.close(new java.io.IOException("session ended"));
            if (end.requested() && requests.sessionId() != null && ch.isActive()) {
                // RFC 2326 §10.7: TEARDOWN frees the camera's session at once instead of at its timeout.
                requests.sendAndForget(RtspMethods.TEARDOWN, playUrl).addListener(ChannelFutureListener.CLOSE);
                ch = null;
            }
        }
        if (ch != null) {
            ch.close();
        }
        if (udp != null) {
            udp.close();
        }
        if (receiver != null) {
            // Releases the packet buffers the depacketizer holds for an unfinished FU-A NAL unit.
            receiver.close();
        }
        if (!end.requested()) {
            log.debug("{}: session ended: {} ({})", label, end.detail(), end.cause());
        }
        if (!playing.isDone()) {
            playing.completeExceptionally(new IllegalStateException(end.detail()));
        }
        ended.complete(end);
    }

    private SessionEnd classify(Throwable error) {
        Throwable cause = unwrap(error);
        String what = SessionFailures.describe(cause);
        return new SessionEnd(SessionFailures.isNetwork(cause) ? GapCause.NETWORK : GapCause.CAMERA, what, false);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof io.netty.handler.codec.DecoderException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void expectSuccess(HttpMethod method, RtspResponse response) {
        if (!response.isSuccess()) {
            throw new RtspStatusException(method.name(), response.statusCode(), response.reason());
        }
    }

    private String contentBase(RtspResponse describe) {
        // RFC 2326 §C.1.1: Content-Base, else Content-Location, else the request URL.
        String base = describe.headers().get(RtspHeaderNames.CONTENT_BASE);
        if (base == null) {
            base = describe.headers().get(RtspHeaderNames.CONTENT_LOCATION);
        }
        if (base == null) {
            return config.url();
        }
        String resolved = RtspUrls.resolveControl(config.url(), base.trim());
        // A camera that puts credentials into Content-Base must not get them into our logs.
        return UrlCredentials.split(resolved).urlWithoutUserInfo();
    }

    private static Set<String> parsePublic(String header) {
        if (header == null) {
            return Set.of();
        }
        Set<String> methods = new TreeSet<>();
        for (String method : header.split(",")) {
            if (!method.isBlank() && methods.size() < 32) {
                methods.add(method.trim().toUpperCase(java.util.Locale.ROOT));
            }
        }
        return Set.copyOf(methods);
    }

    private static String describeMedia(SessionDescription sdp) {
        List<String> kinds = new ArrayList<>();
        for (MediaDescription media : sdp.media()) {
            kinds.add(media.type() + (media.rtpMaps().isEmpty() ? "" : "/" + media.rtpMaps().get(0).encoding()));
        }
        return kinds.isEmpty() ? "none" : String.join(", ", kinds);
    }

    /** A redirect answer to DESCRIBE; followed by reconnecting, not an error. */
    private static final class RedirectSignal extends RuntimeException {
        private final String location;

        RedirectSignal(String location) {
            super("redirect", null, false, false);
            this.location = location;
        }
    }

    /** The Netty adapter: routes messages into the session and releases every one of them. */
    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof InterleavedFrame frame) {
                    onInterleaved(frame);
                } else if (msg instanceof FullHttpResponse response) {
                    requests.onResponse(response);
                } else if (msg instanceof FullHttpRequest request) {
                    onServerRequest(ctx, request);
                }
            } catch (RuntimeException e) {
                end(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end(new java.io.EOFException("connection closed by the camera"));
        }
    }
}
