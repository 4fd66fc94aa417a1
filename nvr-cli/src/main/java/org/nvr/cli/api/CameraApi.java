package org.nvr.cli.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.nvr.cli.camera.CameraService;
import org.nvr.cli.camera.OnvifConnector;
import org.nvr.cli.camera.PtzClients;
import org.nvr.core.admin.AdminServer;
import org.nvr.core.admin.Route;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.time.NvrClock;
import org.nvr.onvif.discovery.DiscoveryOptions;
import org.nvr.storage.events.H2EventLog;

/**
 * Registers the camera, discovery, time, configuration, PTZ and event routes on an admin server before it starts.
 */
public final class CameraApi {
    private CameraApi() {
    }

    /**
     * @param admin     the admin server, not started yet
     * @param cameras   the cameras
     * @param onvif     logs in to ONVIF cameras
     * @param discovery WS-Discovery defaults
     * @param ptz       the cameras' PTZ clients
     * @param events    the camera events
     * @param audit     takes a row for every change
     * @param clock     for audit rows and status ages
     * @param diskBytes segment bytes in the index by camera id ({@code H2RecordingIndex.bytesByCamera}); called
     *                  once per camera read, off the event loop
     */
    public static void register(AdminServer admin, CameraService cameras, OnvifConnector onvif,
                                DiscoveryOptions discovery, PtzClients ptz, H2EventLog events, AuditLog audit,
                                NvrClock clock, Supplier<Map<String, Long>> diskBytes) {
        Objects.requireNonNull(admin, "admin");
        ChangeAudit changes = new ChangeAudit(audit, clock);
        OnvifCameras onvifCameras = new OnvifCameras(cameras, onvif);
        List<Route> routes = new ArrayList<>();
        routes.addAll(new CameraRoutes(cameras, onvif, changes, admin.json(), clock, diskBytes).routes());
        routes.addAll(new DiscoverRoutes(discovery, admin.json()).routes());
        routes.addAll(new TimeRoutes(onvifCameras, changes, admin.json(), clock).routes());
        routes.addAll(new ConfigRoutes(onvifCameras, changes, admin.json()).routes());
        routes.addAll(new PtzRoutes(cameras, ptz, changes, admin.json()).routes());
        routes.addAll(new EventRoutes(cameras, events, admin.json()).routes());
        routes.forEach(admin::register);
    }
}
