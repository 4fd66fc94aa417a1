package org.nvr.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nvr.cli.camera.OnvifSession;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.Route;
import org.nvr.core.auth.Role;
import org.nvr.core.time.NvrClock;
import org.nvr.onvif.device.ClockReading;

/**
 * {@code GET /api/v1/cameras/{id}/time} (operators): the camera's clock (ONVIF Core, GetSystemDateAndTime) and its
 * offset from ours; {@code POST} (admins) with {@code {"mode":"manual"}} sets it from our clock,
 * {@code {"mode":"ntp"}} makes it follow its NTP servers (audited as {@code camera.time.set}).
 */
final class TimeRoutes {
    static final String PATH = "/api/v1/cameras/{id}/time";
    private static final Set<String> FIELDS = Set.of("mode");

    private final OnvifCameras onvif;
    private final ChangeAudit audit;
    private final AdminJson json;
    private final NvrClock clock;

    TimeRoutes(OnvifCameras onvif, ChangeAudit audit, AdminJson json, NvrClock clock) {
        this.onvif = Objects.requireNonNull(onvif, "onvif");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    List<Route> routes() {
        return List.of(
                Route.secured(HttpMethod.GET, PATH, Role.OPERATOR, OnvifErrors.guard(json, this::read)),
                Route.secured(HttpMethod.POST, PATH, Role.ADMIN, OnvifErrors.guard(json, this::set)));
    }

    /**
     * The camera's clock.
     *
     * @param cameraUtc    the camera's UTC time (whole seconds)
     * @param nvrUtc       ours when it was read
     * @param offsetMillis camera − ours (about one second accurate: the camera reports whole seconds)
     * @param wrongClock   |offset| beyond {@link ClockReading#WRONG_CLOCK_TOLERANCE}: recordings' wall times from
     *                     this camera's RTCP would be off
     * @param ntp          the camera sets its clock by NTP
     * @param timeZone     its POSIX TZ string, if reported
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CameraTime(String cameraUtc, String nvrUtc, long offsetMillis, boolean wrongClock, boolean ntp,
                      String timeZone) {
        static CameraTime of(ClockReading r, Instant ours) {
            return new CameraTime(r.cameraUtc().toString(), ours.toString(), r.offset().toMillis(), r.wrongClock(),
                    r.ntp(), r.timeZone().orElse(null));
        }
    }

    private AdminResponse read(AdminRequest request) {
        OnvifSession session = onvif.open(request.pathParam("id"));
        return json.ok(CameraTime.of(session.clockAtOpen(), clock.wallNow()));
    }

    private AdminResponse set(AdminRequest request) {
        JsonBody body = JsonBody.parse(json.mapper(), request.body()).allowOnly(FIELDS);
        String mode = body.requiredString("mode", 16);
        if (!mode.equals("manual") && !mode.equals("ntp")) {
            throw new IllegalArgumentException("'mode': must be manual or ntp");
        }
        String id = request.pathParam("id");
        OnvifSession session = onvif.open(id);
        ClockReading before = session.clockAtOpen();
        if (mode.equals("manual")) {
            session.device().setClockManualFromOurs();
        } else {
            session.device().setClockFromNtp();
        }
        ClockReading after = session.device().systemDateAndTime();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", id);
        detail.put("mode", mode);
        detail.put("offsetMillisBefore", Long.toString(before.offset().toMillis()));
        detail.put("offsetMillisAfter", Long.toString(after.offset().toMillis()));
        audit.append(request, "camera.time.set", detail);
        return json.ok(CameraTime.of(after, clock.wallNow()));
    }
}
