package org.nvr.cli.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.nvr.cli.camera.CameraService;
import org.nvr.cli.camera.FootageEraser;
import org.nvr.cli.camera.OnvifConnector;
import org.nvr.cli.camera.OnvifSession;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.auth.Role;
import org.nvr.core.model.NvrException;
import org.nvr.core.time.NvrClock;
import org.nvr.storage.cameras.CameraSource;
import org.nvr.storage.cameras.StoredCamera;
import org.nvr.storage.cameras.StoredStream;

/**
 * The camera routes (docs/api.md): list and read (viewers), add by RTSP URL or ONVIF address, update, remove,
 * enable and disable (admins; each audited as {@code camera.add}, {@code camera.update}, {@code camera.remove},
 * {@code camera.enable}, {@code camera.disable}).
 */
public final class CameraRoutes {
    static final String CAMERAS = "/api/v1/cameras";
    static final String CAMERA = "/api/v1/cameras/{id}";

    private final CameraService cameras;
    private final OnvifConnector onvif;
    private final ChangeAudit audit;
    private final AdminJson json;
    private final NvrClock clock;
    private final Supplier<Map<String, Long>> diskBytes;

    CameraRoutes(CameraService cameras, OnvifConnector onvif, ChangeAudit audit, AdminJson json, NvrClock clock,
                 Supplier<Map<String, Long>> diskBytes) {
        this.cameras = Objects.requireNonNull(cameras, "cameras");
        this.onvif = Objects.requireNonNull(onvif, "onvif");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.diskBytes = Objects.requireNonNull(diskBytes, "diskBytes");
    }

    List<Route> routes() {
        return List.of(
                Route.secured(HttpMethod.GET, CAMERAS, Role.VIEWER, this::list),
                Route.secured(HttpMethod.GET, CAMERA, Role.VIEWER, this::get),
                Route.secured(HttpMethod.POST, CAMERAS, Role.ADMIN, OnvifErrors.guard(json, this::add)),
                Route.secured(HttpMethod.PUT, CAMERA, Role.ADMIN, this::update),
                Route.secured(HttpMethod.DELETE, CAMERA, Role.ADMIN, this::remove),
                Route.secured(HttpMethod.POST, CAMERA + "/enable", Role.ADMIN, r -> enable(r, true)),
                Route.secured(HttpMethod.POST, CAMERA + "/disable", Role.ADMIN, r -> enable(r, false)));
    }

    /** The cameras list: {@code {"cameras":[...]}}. */
    record CameraList(List<CameraView> cameras) {
    }

    /** What {@code DELETE} did. */
    record Removed(String id, String footage, long deletedSegments, long deletedBytes) {
    }

    private AdminResponse list(AdminRequest request) {
        Map<String, Long> bytes = diskBytes.get();
        return json.ok(new CameraList(cameras.list().stream().map(c -> view(c, bytes)).toList()));
    }

    private AdminResponse get(AdminRequest request) {
        return json.ok(view(cameras.get(request.pathParam("id"))));
    }

    private AdminResponse add(AdminRequest request) {
        AddCameraRequest wanted = AddCameraRequest.parse(json.mapper(), request.body());
        // Refuse a taken id before logging in to the camera (the store refuses it again, race-free, below).
        if (cameras.list().stream().anyMatch(c -> c.id().equals(wanted.id()))) {
            throw new NvrException(NvrException.Kind.FAILED_PRECONDITION, "camera '" + wanted.id()
                    + "' already exists");
        }
        List<StoredStream> streams;
        CameraSource source;
        if (wanted.onvifUrl().isPresent()) {
            OnvifSession session = onvif.open(wanted.onvifUrl().get(), wanted.username(), wanted.password());
            streams = onvif.streams(session);
            source = CameraSource.ONVIF;
        } else {
            streams = List.of(new StoredStream("main", wanted.rtspUrl().orElseThrow(), Optional.empty()));
            source = CameraSource.RTSP;
        }
        StoredCamera camera = new StoredCamera(wanted.id(), true, source, wanted.transport(), wanted.onvifUrl(),
                wanted.username(), wanted.password(), streams, clock.wallNow(), clock.wallNow());
        cameras.add(camera);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", camera.id());
        detail.put("source", source.token());
        camera.onvifUrl().ifPresent(u -> detail.put("onvifUrl", u.toString()));
        for (StoredStream s : streams) {
            detail.put(s.name(), s.url());
        }
        detail.put("transport", wanted.transport().name().toLowerCase(Locale.ROOT));
        camera.username().ifPresent(u -> detail.put("username", u));
        audit.append(request, "camera.add", detail);
        return AdminResponse.json(HttpResponseStatus.CREATED, json.write(view(camera)))
                .withHeader("Location", CAMERAS + "/" + camera.id());
    }

    private AdminResponse update(AdminRequest request) {
        String id = request.pathParam("id");
        UpdateCameraRequest wanted = UpdateCameraRequest.parse(json.mapper(), request.body());
        StoredCamera camera = cameras.update(id, wanted::applyTo);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", id);
        wanted.url().ifPresent(u -> detail.put("url", u));
        wanted.username().ifPresent(u -> detail.put("username", u));
        // Only that the password changed, never the password.
        wanted.password().ifPresent(p -> detail.put("password", "changed"));
        wanted.transport().ifPresent(t -> detail.put("transport", t.name().toLowerCase(Locale.ROOT)));
        detail.put("restarted", Boolean.toString(camera.enabled()));
        audit.append(request, "camera.update", detail);
        return json.ok(view(camera));
    }

    private AdminResponse remove(AdminRequest request) {
        String id = request.pathParam("id");
        String footage = request.queryParam("footage").orElse("keep");
        if (!footage.equals("keep") && !footage.equals("delete")) {
            throw new IllegalArgumentException("'footage': must be keep or delete");
        }
        FootageEraser.Erased erased = cameras.remove(id, footage.equals("delete"));
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", id);
        detail.put("footage", footage);
        detail.put("deletedSegments", Long.toString(erased.segments()));
        detail.put("deletedBytes", Long.toString(erased.bytes()));
        audit.append(request, "camera.remove", detail);
        return json.ok(new Removed(id, footage, erased.segments(), erased.bytes()));
    }

    private AdminResponse enable(AdminRequest request, boolean on) {
        String id = request.pathParam("id");
        boolean was = cameras.get(id).enabled();
        StoredCamera camera = cameras.setEnabled(id, on);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", id);
        detail.put("enabled", Boolean.toString(on));
        detail.put("changed", Boolean.toString(was != on));
        audit.append(request, on ? "camera.enable" : "camera.disable", detail);
        return json.ok(view(camera));
    }

    private CameraView view(StoredCamera camera) {
        return view(camera, diskBytes.get());
    }

    private CameraView view(StoredCamera camera, Map<String, Long> bytes) {
        return CameraView.of(camera, cameras::running, bytes.getOrDefault(camera.id(), 0L), clock.wallNow());
    }
}
