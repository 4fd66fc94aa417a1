package org.nvr.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.netty.handler.codec.http.HttpMethod;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.core.admin.ErrorCode;
import org.nvr.core.admin.Route;
import org.nvr.core.auth.Role;
import org.nvr.onvif.discovery.DiscoveredDevice;
import org.nvr.onvif.discovery.DiscoveryOptions;
import org.nvr.onvif.discovery.WsDiscovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/discover[?cidr=192.168.1.0/24][&timeoutMillis=3000]} (admins): ONVIF devices answering a
 * WS-Discovery Probe, multicast on the local segment or unicast to every host of the range (for cameras behind a
 * router, where multicast does not reach). The wait is bounded: {@code timeoutMillis} in 100..10000.
 */
final class DiscoverRoutes {
    static final String PATH = "/api/v1/discover";
    static final long MIN_TIMEOUT_MILLIS = 100;
    static final long MAX_TIMEOUT_MILLIS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(DiscoverRoutes.class);

    private final DiscoveryOptions options;
    private final AdminJson json;

    /** @param options discovery defaults (port, device bound); the listening time comes from each request */
    DiscoverRoutes(DiscoveryOptions options, AdminJson json) {
        this.options = Objects.requireNonNull(options, "options");
        this.json = Objects.requireNonNull(json, "json");
    }

    List<Route> routes() {
        return List.of(Route.secured(HttpMethod.GET, PATH, Role.ADMIN, this::discover));
    }

    /** {@code {"devices":[...]}}. */
    record Devices(List<DeviceView> devices) {
    }

    /** One device that answered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceView(String endpointReference, List<String> xAddrs, String name, String hardware, String location,
                      String responder, List<String> types, List<String> scopes) {
        static DeviceView of(DiscoveredDevice d) {
            return new DeviceView(d.endpointReference(), d.xAddrs().stream().map(URI::toString).toList(),
                    d.name().orElse(null), d.hardware().orElse(null), d.location().orElse(null),
                    d.responder().getHostAddress(), d.types(), d.scopes());
        }
    }

    AdminResponse discover(AdminRequest request) {
        long timeoutMillis = timeoutMillis(request.queryParam("timeoutMillis"));
        Optional<String> cidr = request.queryParam("cidr");
        WsDiscovery discovery = new WsDiscovery(options.withListenFor(Duration.ofMillis(timeoutMillis)));
        List<DiscoveredDevice> found;
        try {
            if (cidr.isPresent()) {
                List<InetAddress> hosts;
                try {
                    hosts = WsDiscovery.cidr(cidr.get());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'cidr': " + e.getMessage());
                }
                found = discovery.probeUnicast(hosts);
            } else {
                found = discovery.probeMulticast();
            }
        } catch (UncheckedIOException e) {
            log.warn("discovery failed: {}", e.getMessage());
            return json.error(ErrorCode.UNAVAILABLE, "discovery failed: " + e.getMessage());
        }
        return json.ok(new Devices(found.stream().map(DeviceView::of).toList()));
    }

    private static long timeoutMillis(Optional<String> text) {
        if (text.isEmpty()) {
            return DiscoveryOptions.DEFAULT_LISTEN_FOR.toMillis();
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < MIN_TIMEOUT_MILLIS || value > MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("'timeoutMillis': must be an integer in " + MIN_TIMEOUT_MILLIS + ".."
                    + MAX_TIMEOUT_MILLIS);
        }
        return value;
    }
}
