package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.nvr.core.auth.Role;

/**
 * {@code GET /healthz} (public: load balancers and systemd probes have no credentials) and {@code GET /metrics}
 * (viewers and up: series name cameras, which is not for anonymous eyes).
 */
final class StatusRoutes {
    static final String HEALTH_PATH = "/healthz";
    static final String METRICS_PATH = "/metrics";
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final Supplier<String> prometheusScrape;

    StatusRoutes(Supplier<String> prometheusScrape) {
        this.prometheusScrape = prometheusScrape;
    }

    List<Route> routes() {
        return List.of(
                Route.open(HttpMethod.GET, HEALTH_PATH,
                        request -> AdminResponse.json(HttpResponseStatus.OK, HEALTHY.clone())),
                Route.secured(HttpMethod.GET, METRICS_PATH, Role.VIEWER,
                        request -> AdminResponse.text(HttpResponseStatus.OK, PROMETHEUS_TEXT,
                                prometheusScrape.get())));
    }
}
