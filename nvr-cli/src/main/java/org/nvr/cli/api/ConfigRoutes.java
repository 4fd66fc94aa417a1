package org.nvr.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.nvr.cli.camera.OnvifSession;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.auth.Role;
import org.nvr.onvif.media.MediaClient;
import org.nvr.onvif.media.VideoEncoderChange;
import org.nvr.onvif.media.VideoEncoderConfig;
import org.nvr.onvif.media.VideoEncoding;

/**
 * {@code GET /api/v1/cameras/{id}/config} (operators): the camera's video encoder configurations (ONVIF Media
 * GetVideoEncoderConfigurations); {@code PUT} (admins) changes one, checked against the camera's options before
 * anything is written (audited as {@code camera.config.set}). Body:
 * {@code {"token":"VideoEncoderToken_1","encoding":"H264","resolution":{"width":1920,"height":1080},
 * "frameRateLimitFps":25,"bitrateLimitKbps":4096,"govLength":50}}, every field but {@code token} optional.
 */
final class ConfigRoutes {
    static final String PATH = "/api/v1/cameras/{id}/config";
    static final Set<String> FIELDS = Set.of("token", "encoding", "resolution", "frameRateLimitFps",
            "bitrateLimitKbps", "govLength");
    private static final Set<String> RESOLUTION_FIELDS = Set.of("width", "height");

    private final OnvifCameras onvif;
    private final ChangeAudit audit;
    private final AdminJson json;

    ConfigRoutes(OnvifCameras onvif, ChangeAudit audit, AdminJson json) {
        this.onvif = Objects.requireNonNull(onvif, "onvif");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.json = Objects.requireNonNull(json, "json");
    }

    List<Route> routes() {
        return List.of(
                Route.secured(HttpMethod.GET, PATH, Role.OPERATOR, OnvifErrors.guard(json, this::read)),
                Route.secured(HttpMethod.PUT, PATH, Role.ADMIN, OnvifErrors.guard(json, this::change)));
    }

    /** {@code {"configurations":[...]}}. */
    record Configurations(List<EncoderView> configurations) {
    }

    /** A width and height in pixels. */
    record Size(int width, int height) {
    }

    /** One video encoder configuration; absent optional fields are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EncoderView(String token, String name, String encoding, Size resolution, Double frameRateLimitFps,
                       Integer bitrateLimitKbps, Integer govLength, String profile) {
        static EncoderView of(VideoEncoderConfig c) {
            return new EncoderView(c.token(), c.name(), c.encoding().name(),
                    new Size(c.resolution().width(), c.resolution().height()), c.frameRateLimitFps().orElse(null),
                    c.bitrateLimitKbps().orElse(null), c.govLength().orElse(null), c.profile().orElse(null));
        }
    }

    private AdminResponse read(AdminRequest request) {
        MediaClient media = onvif.open(request.pathParam("id")).media();
        return json.ok(new Configurations(media.videoEncoderConfigurations().stream().map(EncoderView::of)
                .toList()));
    }

    private AdminResponse change(AdminRequest request) {
        JsonBody body = JsonBody.parse(json.mapper(), request.body()).allowOnly(FIELDS);
        String token = body.requiredString("token", 64);
        VideoEncoderChange change = parseChange(body);
        String id = request.pathParam("id");
        OnvifSession session = onvif.open(id);
        MediaClient media = session.media();
        if (media.videoEncoderConfigurations().stream().noneMatch(c -> c.token().equals(token))) {
            throw new IllegalArgumentException("'token': the camera has no video encoder configuration '" + token
                    + "'");
        }
        media.setVideoEncoderConfiguration(token, change);
        VideoEncoderConfig now = media.videoEncoderConfiguration(token);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", id);
        detail.put("token", token);
        change.encoding().ifPresent(e -> detail.put("encoding", e.name()));
        change.resolution().ifPresent(r -> detail.put("resolution", r.width() + "x" + r.height()));
        change.frameRateLimitFps().ifPresent(f -> detail.put("frameRateLimitFps", Double.toString(f)));
        change.bitrateLimitKbps().ifPresent(b -> detail.put("bitrateLimitKbps", Integer.toString(b)));
        change.govLength().ifPresent(g -> detail.put("govLength", Integer.toString(g)));
        audit.append(request, "camera.config.set", detail);
        return json.ok(EncoderView.of(now));
    }

    static VideoEncoderChange parseChange(JsonBody body) {
        VideoEncoderChange change = VideoEncoderChange.none();
        Optional<String> encoding = body.string("encoding", 8);
        if (encoding.isPresent()) {
            VideoEncoding e = VideoEncoding.fromWire(encoding.get());
            if (e != VideoEncoding.H264 && e != VideoEncoding.H265) {
                throw new IllegalArgumentException("'encoding': must be H264 or H265");
            }
            change = change.withEncoding(e);
        }
        Optional<JsonBody> resolution = body.object("resolution");
        if (resolution.isPresent()) {
            JsonBody r = resolution.get().allowOnly(RESOLUTION_FIELDS);
            int width = r.integer("width", 16, 16_384).orElseThrow(
                    () -> new IllegalArgumentException("'resolution.width': required"));
            int height = r.integer("height", 16, 16_384).orElseThrow(
                    () -> new IllegalArgumentException("'resolution.height': required"));
            change = change.withResolution(width, height);
        }
        Optional<Double> fps = body.number("frameRateLimitFps");
        if (fps.isPresent()) {
            change = change.withFrameRateLimitFps(fps.get());
        }
        Optional<Integer> kbps = body.integer("bitrateLimitKbps", 1, 1_000_000);
        if (kbps.isPresent()) {
            change = change.withBitrateLimitKbps(kbps.get());
        }
        Optional<Integer> gov = body.integer("govLength", 1, 10_000);
        if (gov.isPresent()) {
            change = change.withGovLength(gov.get());
        }
        return change;
    }
}
