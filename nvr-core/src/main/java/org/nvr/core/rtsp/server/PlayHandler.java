package org.nvr.core.rtsp.server;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.rtsp.RtspHeaderNames;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.auth.Principal;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.model.NvrException;
import org.nvr.core.stream.StreamHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLAY (RFC 2326 §10.5) and PAUSE (§10.6) of one connection's sessions.
 *
 * <ul>
 *   <li>Recorded: a {@code Range: clock=...}, or an {@code npt=} on a session whose SETUP URL had
 *       {@code ?start=} (npt is then relative to that start), or no Range on such a session. A Range
 *       reopens the recording there (a seek); no Range after PAUSE resumes. {@code Scale}/{@code Speed} up to
 *       8. The reply gives the actual start (the keyframe's wall time) in {@code Range: clock=...-}.</li>
 *   <li>Live otherwise ({@code npt=now-}, or {@code npt=0-} as ffmpeg sends): starts at the hub's cached
 *       keyframe.</li>
 * </ul>
 * Each PLAY that starts media is audited first ({@code live.view} or {@code recording.play}); when the audit
 * log cannot be written the answer is 500 and nothing is sent.
 */
final class PlayHandler {

    /** ONVIF Streaming Specification §6.2: the Require tag of replay clients. */
    static final String ONVIF_REPLAY = "onvif-replay";
    private static final Logger LOG = LoggerFactory.getLogger(PlayHandler.class);

    private final ServerContext context;
    private final RtspConnection connection;
    private final RequestRouter router;

    PlayHandler(ServerContext context, RtspConnection connection, RequestRouter router) {
        this.context = context;
        this.connection = connection;
        this.router = router;
    }

    CompletableFuture<RequestRouter.Reply> play(RtspRequest request, ServerSession session, Principal user) {
        String cseq = request.cseq();
        Optional<RangeHeader> range = Optional.empty();
        String rangeText = request.header(RtspHeaderNames.RANGE);
        double scale;
        try {
            if (rangeText != null) {
                range = Optional.of(RangeHeader.parse(rangeText));
            }
        } catch (MalformedInputException e) {
            return RequestRouter.done(Responses.of(Responses.INVALID_RANGE, "Invalid Range: " + e.getMessage(), cseq));
        }
        try {
            scale = scaleOf(request);
        } catch (MalformedInputException e) {
            return RequestRouter.done(Responses.of(400, "Bad Request: " + e.getMessage(), cseq));
        } catch (ScaleHeader.UnsupportedScaleException e) {
            return RequestRouter.done(Responses.of(Responses.HEADER_FIELD_NOT_VALID,
                    "Header Field Not Valid for Resource: " + e.getMessage(), cseq));
        }
        boolean onvif = request.header(RtspHeaderNames.REQUIRE) != null
                && request.header(RtspHeaderNames.REQUIRE).toLowerCase(java.util.Locale.ROOT).contains(ONVIF_REPLAY);
        RecordedStreamer.Onvif onvifSettings = onvif ? new RecordedStreamer.Onvif(Integer.parseInt(cseq) & 0xff)
                : null;

        Optional<Instant> seek = Optional.empty();
        if (range.isPresent() && range.get().absolute()) {
            seek = range.get().clockStart();
            session.recordedStart(seek.get());
        } else if (range.isPresent() && range.get().nptStart().isPresent() && session.recordedStart().isPresent()) {
            seek = Optional.of(session.recordedStart().get().plus(range.get().nptStart().get()));
        }
        Streamer current = session.streamer();
        if (seek.isEmpty() && current instanceof RecordedStreamer recorded && !recorded.finished()) {
            // No new position: resume (or keep playing) where it is, at the requested scale.
            if (session.state() == ServerSession.State.PLAYING && scale == recorded.scale()) {
                return RequestRouter.done(playing(request, session, scale, null));
            }
            // A resume reads on from where the stream stopped, not from the session's start: the row says so.
            return audit(request, session, user, "recording.play", scale,
                    recorded.position().or(session::recordedStart), recorded.end()).thenApply(v -> {
                FullHttpResponse response = playing(request, session, scale, null);
                session.state(ServerSession.State.PLAYING);
                return new RequestRouter.Reply(response, () -> recorded.play(scale, onvifSettings), () -> { });
            });
        }
        if (seek.isEmpty() && session.recordedStart().isPresent() && !(range.isPresent() && range.get().now())
                && current == null && session.state() == ServerSession.State.READY) {
            seek = session.recordedStart();
        }
        if (seek.isPresent()) {
            return recorded(request, session, user, seek.get(), range.flatMap(RangeHeader::end), scale,
                    onvifSettings);
        }
        if (scale != 1.0) {
            return RequestRouter.done(Responses.of(Responses.HEADER_FIELD_NOT_VALID,
                    "Header Field Not Valid for Resource: live video plays at Scale 1 only", cseq));
        }
        if (current instanceof LiveStreamer && session.state() == ServerSession.State.PLAYING) {
            return RequestRouter.done(playing(request, session, 1.0, null));
        }
        return live(request, session, user);
    }

    void pause(ServerSession session) {
        if (session.streamer() instanceof RecordedStreamer recorded) {
            recorded.pause();
        } else {
            // Live has no position to keep: PLAY again starts at the latest keyframe.
            session.stopStreamer(context.metrics());
        }
        if (session.state() == ServerSession.State.PLAYING) {
            session.state(ServerSession.State.PAUSED);
        }
    }

    private CompletableFuture<RequestRouter.Reply> live(RtspRequest request, ServerSession session, Principal user) {
        Optional<StreamHub> hub = context.live().hub(session.key());
        if (hub.isEmpty()) {
            return RequestRouter.done(Responses.of(404, "Not Found: camera stream not live", request.cseq()));
        }
        return audit(request, session, user, "live.view", 1.0, Optional.empty(), Optional.empty()).thenApply(v -> {
            LiveStreamer streamer;
            try {
                streamer = new LiveStreamer(hub.get(), context.options().clientQueueUnits(), session.sender(),
                        connection.channel().eventLoop(), context.metrics().framesDropped(session.key()));
            } catch (NvrException | IllegalStateException e) {
                return RequestRouter.Reply.of(Responses.of(503, "Service Unavailable: " + e.getMessage(),
                        request.cseq()));
            }
            session.streamer(streamer, ServerSession.Kind.LIVE, context.metrics());
            session.state(ServerSession.State.PLAYING);
            OptionalLong rtpTime = streamer.firstRtpTimestamp();
            FullHttpResponse response = router.withSession(Responses.of(RtspResponseStatuses.OK, request.cseq()),
                    session);
            response.headers().set(RtspHeaderNames.RANGE, "npt=now-");
            response.headers().set(RtspHeaderNames.RTP_INFO, rtpInfo(request, session, rtpTime));
            return new RequestRouter.Reply(response, streamer::start, () -> { });
        });
    }

    private CompletableFuture<RequestRouter.Reply> recorded(RtspRequest request, ServerSession session,
                                                             Principal user, Instant from, Optional<Instant> end,
                                                             double scale, RecordedStreamer.Onvif onvif) {
        RecordedStreamer streamer = new RecordedStreamer(session.key(), session.sender(),
                connection.channel().eventLoop(), context.blocking(), context.clock(), end);
        return streamer.open(context.recordings(), from).thenCompose(first -> {
            if (first.isEmpty()) {
                streamer.stop();
                return RequestRouter.done(Responses.of(Responses.INVALID_RANGE,
                        "Invalid Range: nothing recorded at or after " + RangeHeader.format(from), request.cseq()));
            }
            Optional<Instant> start = Optional.of(from);
            return audit(request, session, user, "recording.play", scale, start, end).handle((v, error) -> {
                if (error != null) {
                    streamer.stop();
                    throw new java.util.concurrent.CompletionException(error);
                }
                if (!connection.channel().isActive() || connection.session(session.id()) == null) {
                    streamer.stop();
                    return RequestRouter.Reply.of(Responses.of(RtspResponseStatuses.SESSION_NOT_FOUND,
                            request.cseq()));
                }
                session.streamer(streamer, ServerSession.Kind.RECORDED, context.metrics());
                session.state(ServerSession.State.PLAYING);
                context.metrics().playbackStarted(session.key());
                AccessUnit unit = first.get();
                FullHttpResponse response = playing(request, session, scale, unit);
                return new RequestRouter.Reply(response, () -> streamer.play(scale, onvif), streamer::stop);
            });
        });
    }

    /** The 200 of a PLAY: Session, Range (actual start of recorded video), Scale, RTP-Info. */
    private FullHttpResponse playing(RtspRequest request, ServerSession session, double scale, AccessUnit first) {
        FullHttpResponse response = router.withSession(Responses.of(RtspResponseStatuses.OK, request.cseq()), session);
        if (first != null) {
            response.headers().set(RtspHeaderNames.RANGE, "clock=" + RangeHeader.format(first.wallClock()) + "-");
            response.headers().set(RtspHeaderNames.RTP_INFO, rtpInfo(request, session,
                    OptionalLong.of(session.sender().rtpTimestamp(first.pts90k()))));
        }
        if (request.header(RtspHeaderNames.SCALE) != null) {
            response.headers().set(RtspHeaderNames.SCALE, ScaleHeader.format(scale));
        }
        if (request.header(RtspHeaderNames.SPEED) != null) {
            response.headers().set(RtspHeaderNames.SPEED, ScaleHeader.format(scale));
        }
        return response;
    }

    /** RFC 2326 §12.33: the stream's URL, the first packet's sequence number and, when known, its RTP time. */
    private String rtpInfo(RtspRequest request, ServerSession session, OptionalLong rtpTime) {
        String url = RequestRouter.baseUrl(request.uri()) + RequestTarget.TRACK;
        String info = "url=" + url + ";seq=" + session.sender().nextSequence();
        return rtpTime.isPresent() ? info + ";rtptime=" + rtpTime.getAsLong() : info;
    }

    /**
     * Appends the audit row on the blocking executor; fails (500) when it cannot be written. A {@code
     * recording.play} row names the footage read in absolute time ({@code start}, and {@code end} when the range
     * has one) as well as the Range as sent, because an {@code npt=} Range is relative to the URL's
     * {@code ?start=} and a resume (no Range) goes on from where the stream paused.
     *
     * @param from where recorded video is read from (empty for live)
     * @param end  where it stops, if the Range said so
     */
    private CompletableFuture<Void> audit(RtspRequest request, ServerSession session, Principal user, String action,
                                          double scale, Optional<Instant> from, Optional<Instant> end) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", session.key().cameraId());
        detail.put("stream", session.key().streamName());
        detail.put("transport", session.transportDescription());
        if (action.equals("recording.play")) {
            String range = request.header(RtspHeaderNames.RANGE);
            detail.put("range", range == null
                    ? "clock=" + from.map(RangeHeader::format).orElse("") + "-"
                    : RangeHeader.printable(range));
            detail.put("scale", ScaleHeader.format(scale));
            from.ifPresent(t -> detail.put("start", t.toString()));
            end.ifPresent(t -> detail.put("end", t.toString()));
        }
        AuditEntry entry = new AuditEntry(context.clock().wallNow(), user.name(), connection.remote(), action, detail);
        return router.blocking(() -> {
            context.audit().append(entry);
            return null;
        }).handle((v, error) -> {
            if (error != null) {
                LOG.error("audit log refused '{}' of {} by {}: refusing to serve unaudited", action, session.key(),
                        user.name(), error);
                throw new AuditFailedException();
            }
            return null;
        });
    }

    private static double scaleOf(RtspRequest request) {
        String scale = request.header(RtspHeaderNames.SCALE);
        if (scale != null) {
            return ScaleHeader.parse(scale);
        }
        String speed = request.header(RtspHeaderNames.SPEED);
        return speed == null ? 1.0 : ScaleHeader.parse(speed);
    }

    /** The audit log could not be written: 500, nothing served. */
    static final class AuditFailedException extends RuntimeException {
        AuditFailedException() {
            super("audit log append failed", null, false, false);
        }
    }
}
