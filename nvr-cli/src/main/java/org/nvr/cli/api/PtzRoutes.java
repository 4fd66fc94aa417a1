package org.nvr.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.nvr.cli.camera.CameraService;
import org.nvr.cli.camera.PtzClients;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.admin.RouteHandler;
import org.nvr.core.auth.Role;
import org.nvr.core.model.NvrException;
import org.nvr.onvif.ptz.PtzClient;
import org.nvr.onvif.ptz.PtzPreset;
import org.nvr.onvif.ptz.PtzVelocity;
import org.nvr.onvif.soap.OnvifAuthException;
import org.nvr.onvif.soap.OnvifUnsupportedException;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.cameras.StoredStream;

/**
 * The PTZ routes (docs/api.md, operators): presets, continuous move, stop, go to a preset, save and remove a preset,
 * on the camera's main stream profile (ONVIF PTZ Service Specification; PTZ requests name a media profile). Every
 * action is audited ({@code ptz.move}, {@code ptz.stop}, {@code ptz.goto}, {@code ptz.preset.set},
 * {@code ptz.preset.remove}). What the camera cannot do ({@link OnvifUnsupportedException}, decided from its PTZ
 * capabilities before any request) and cameras not added by ONVIF are 409; other camera failures are gateway errors
 * ({@link OnvifErrors}).
 */
final class PtzRoutes {
    static final String PTZ = "/api/v1/cameras/{id}/ptz";
    /** Longest continuous move asked for (as {@code nvr ptz move} allows): a lost stop must not leave it turning. */
    static final int MAX_TIMEOUT_MILLIS = 60_000;
    /** Continuous move duration when the body gives none. */
    static final int DEFAULT_TIMEOUT_MILLIS = 1_000;
    /** tt:ReferenceToken and tt:Name: at most 64 characters (ONVIF schema onvif.xsd). */
    static final int MAX_TOKEN_CHARS = 64;
    static final Set<String> MOVE_FIELDS = Set.of("pan", "tilt", "zoom", "timeoutMillis");
    private static final Set<String> GOTO_FIELDS = Set.of("preset");
    private static final Set<String> PRESET_FIELDS = Set.of("name");

    private final CameraService cameras;
    private final PtzClients clients;
    private final ChangeAudit audit;
    private final AdminJson json;

    PtzRoutes(CameraService cameras, PtzClients clients, ChangeAudit audit, AdminJson json) {
        this.cameras = Objects.requireNonNull(cameras, "cameras");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.json = Objects.requireNonNull(json, "json");
    }

    List<Route> routes() {
        return List.of(
                route(HttpMethod.GET, PTZ + "/presets", this::presets),
                route(HttpMethod.POST, PTZ + "/presets", this::savePreset),
                route(HttpMethod.DELETE, PTZ + "/presets/{token}", this::removePreset),
                route(HttpMethod.POST, PTZ + "/move", this::move),
                route(HttpMethod.POST, PTZ + "/stop", this::stop),
                route(HttpMethod.POST, PTZ + "/goto", this::gotoPreset));
    }

    private Route route(HttpMethod method, String path, RouteHandler handler) {
        return Route.secured(method, path, Role.OPERATOR, OnvifErrors.guard(json, handler));
    }

    /** A preset: {@code {"token":"1","name":"Gate"}}, the name absent when the camera gives none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PresetView(String token, String name) {
        static PresetView of(PtzPreset p) {
            return new PresetView(p.token(), p.name().orElse(null));
        }
    }

    /** {@code {"presets":[...]}}. */
    record Presets(List<PresetView> presets) {
    }

    /** What a move asked for. */
    record Moving(String camera, double pan, double tilt, double zoom, long timeoutMillis) {
    }

    /** What stop, goto and remove did. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Done(String camera, String action, String preset) {
    }

    /** The camera and the profile its PTZ requests name. */
    private record Target(StoredCamera camera, String profileToken) {
    }

    private AdminResponse presets(AdminRequest request) {
        Target t = target(request);
        List<PtzPreset> presets = call(t, "GetPresets", c -> c.presets(t.profileToken()));
        return json.ok(new Presets(presets.stream().map(PresetView::of).toList()));
    }

    private AdminResponse savePreset(AdminRequest request) {
        JsonBody body = JsonBody.parse(json.mapper(), request.body()).allowOnly(PRESET_FIELDS);
        String name = printable(body, "name");
        Target t = target(request);
        String token = call(t, "SetPreset", c -> c.setPreset(t.profileToken(), name, Optional.empty()));
        audit.append(request, "ptz.preset.set", detail(t, "name", name, "token", token));
        return AdminResponse.json(HttpResponseStatus.CREATED, json.write(new PresetView(token, name)));
    }

    private AdminResponse removePreset(AdminRequest request) {
        String token = request.pathParam("token");
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS || token.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("'token': must be 1.." + MAX_TOKEN_CHARS + " printable characters");
        }
        Target t = target(request);
        call(t, "RemovePreset", c -> {
            c.removePreset(t.profileToken(), token);
            return null;
        });
        audit.append(request, "ptz.preset.remove", detail(t, "token", token));
        return json.ok(new Done(t.camera().id(), "removed", token));
    }

    private AdminResponse move(AdminRequest request) {
        JsonBody body = JsonBody.parse(json.mapper(), request.body()).allowOnly(MOVE_FIELDS);
        double pan = velocity(body, "pan");
        double tilt = velocity(body, "tilt");
        double zoom = velocity(body, "zoom");
        int timeoutMillis = body.integer("timeoutMillis", 1, MAX_TIMEOUT_MILLIS).orElse(DEFAULT_TIMEOUT_MILLIS);
        if (pan == 0 && tilt == 0 && zoom == 0) {
            throw new IllegalArgumentException("'pan', 'tilt', 'zoom': all 0; to stop, POST .../ptz/stop");
        }
        PtzVelocity velocity = new PtzVelocity(pan, tilt, zoom);
        Target t = target(request);
        call(t, "ContinuousMove", c -> {
            c.continuousMove(t.profileToken(), velocity, Optional.of(Duration.ofMillis(timeoutMillis)));
            return null;
        });
        audit.append(request, "ptz.move", detail(t, "pan", Double.toString(pan), "tilt", Double.toString(tilt),
                "zoom", Double.toString(zoom), "timeoutMillis", Integer.toString(timeoutMillis)));
        return json.ok(new Moving(t.camera().id(), pan, tilt, zoom, timeoutMillis));
    }

    private AdminResponse stop(AdminRequest request) {
        if (request.body().length > 0) {
            JsonBody.parse(json.mapper(), request.body()).allowOnly(Set.of());
        }
        Target t = target(request);
        call(t, "Stop", c -> {
            c.stop(t.profileToken(), true, true);
            return null;
        });
        audit.append(request, "ptz.stop", detail(t));
        return json.ok(new Done(t.camera().id(), "stopped", null));
    }

    private AdminResponse gotoPreset(AdminRequest request) {
        JsonBody body = JsonBody.parse(json.mapper(), request.body()).allowOnly(GOTO_FIELDS);
        String preset = printable(body, "preset");
        Target t = target(request);
        call(t, "GotoPreset", c -> {
            c.gotoPreset(t.profileToken(), preset, Optional.empty());
            return null;
        });
        audit.append(request, "ptz.goto", detail(t, "preset", preset));
        return json.ok(new Done(t.camera().id(), "goto", preset));
    }

    /**
     * @throws NvrException NOT_FOUND; FAILED_PRECONDITION for a camera not added by ONVIF or without a main stream
     *                      profile
     */
    private Target target(AdminRequest request) {
        StoredCamera camera = cameras.get(request.pathParam("id"));
        if (camera.onvifUrl().isEmpty()) {
            throw new NvrException(NvrException.Kind.FAILED_PRECONDITION, "camera '" + camera.id() + "' was added by "
                    + camera.source().token() + ", not ONVIF: it has no device address for PTZ");
        }
        Optional<String> profile = camera.streams().stream().filter(s -> s.name().equals("main")).findFirst()
                .flatMap(StoredStream::profileToken);
        if (profile.isEmpty()) {
            throw new NvrException(NvrException.Kind.FAILED_PRECONDITION, "camera '" + camera.id()
                    + "' has no media profile for its main stream; remove and add it again by ONVIF");
        }
        return new Target(camera, profile.get());
    }

    /**
     * Runs {@code operation} on the camera's cached client. A client whose UsernameTokens the camera refuses (its
     * clock was set since the client followed it) is made again once; what the camera cannot do is 409.
     */
    private <T> T call(Target t, String operation, Function<PtzClient, T> action) {
        String id = t.camera().id();
        try {
            try {
                return action.apply(clients.client(t.camera()));
            } catch (OnvifAuthException e) {
                clients.forget(id);
                return action.apply(clients.client(t.camera()));
            }
        } catch (OnvifUnsupportedException e) {
            throw new NvrException(NvrException.Kind.FAILED_PRECONDITION, "camera " + id + " has no PTZ: "
                    + operation + " unsupported (" + reason(e) + ")");
        }
    }

    /**
     * Why, from the client's message ({@code <endpoint>: camera has no presets (...): GetPresets unsupported}):
     * {@code no presets (...)}.
     */
    static String reason(OnvifUnsupportedException e) {
        String text = e.getMessage();
        String prefix = e.endpoint() + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        int operation = text.lastIndexOf(": ");
        if (operation > 0) {
            text = text.substring(0, operation);
        }
        return text.startsWith("camera has ") ? text.substring("camera has ".length()) : text;
    }

    static double velocity(JsonBody body, String field) {
        double v = body.number(field).orElse(0.0);
        // ONVIF PTZ Service Specification, generic velocity spaces: each axis normalised to [-1, 1].
        if (!(v >= -1 && v <= 1)) {
            throw new IllegalArgumentException("'" + field + "': must be a number in -1..1");
        }
        return v;
    }

    private static String printable(JsonBody body, String field) {
        String value = body.requiredString(field, MAX_TOKEN_CHARS);
        if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("'" + field + "': must be printable characters");
        }
        return value;
    }

    private static Map<String, String> detail(Target t, String... keyValues) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("camera", t.camera().id());
        d.put("profile", t.profileToken());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            d.put(keyValues[i], keyValues[i + 1]);
        }
        return d;
    }
}
