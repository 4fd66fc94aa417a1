package org.nvr.core.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nvr.core.netty.OpenConnections;

/**
 * The admin endpoint's meters: {@code nvr.admin.requests} (tags {@code route}, the pattern or {@code unmatched},
 * and {@code status}), {@code nvr.admin.auth.failures} (tag {@code reason}), {@code nvr.admin.connections.refused}
 * (tag {@code reason} = server_full | address_full), {@code nvr.admin.connections.timed.out} (tag {@code reason} =
 * request | idle) and {@code nvr.export.bytes}. Tag
 * values come from the route table and a few fixed strings, so the series are bounded. {@link #close()} removes
 * them all.
 */
final class AdminMetrics implements AutoCloseable {
    /** Longest route tag kept; a longer one (never from our route table) is cut. */
    private static final int MAX_TAG_CHARS = 128;

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter exportBytes;

    AdminMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.exportBytes = Counter.builder("nvr.export.bytes")
                .description("MP4 export body bytes written to clients")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Counts one answered request. */
    void request(String route, int status) {
        String tag = route.length() > MAX_TAG_CHARS ? route.substring(0, MAX_TAG_CHARS) : route;
        counters.computeIfAbsent("r " + status + " " + tag, key -> Counter.builder("nvr.admin.requests")
                .description("admin HTTP requests answered")
                .tag("route", tag)
                .tag("status", Integer.toString(status))
                .register(registry)).increment();
    }

    /** Counts one refused login; {@code reason} is one of a few fixed words. */
    void authFailure(String reason) {
        counters.computeIfAbsent("a " + reason, key -> Counter.builder("nvr.admin.auth.failures")
                .description("admin logins refused: bad or malformed credentials, or a throttled address")
                .tag("reason", reason)
                .register(registry)).increment();
    }

    /** Counts one connection closed on accept. */
    void connectionRefused(OpenConnections.Refusal reason) {
        counters.computeIfAbsent("c " + reason.tag(), key -> Counter.builder("nvr.admin.connections.refused")
                .description("admin connections closed on accept: too many open, or too many from one address")
                .tag("reason", reason.tag())
                .register(registry)).increment();
    }

    /** Counts one connection closed for its request deadline ({@code request}) or for idleness ({@code idle}). */
    void connectionTimedOut(String reason) {
        counters.computeIfAbsent("t " + reason, key -> Counter.builder("nvr.admin.connections.timed.out")
                .description("admin connections closed: a request too slow to arrive, or an idle connection")
                .tag("reason", reason)
                .register(registry)).increment();
    }

    /** Counts export body bytes written. */
    void exportBytes(long bytes) {
        exportBytes.increment(bytes);
    }

    @Override
    public void close() {
        counters.values().forEach(registry::remove);
        counters.clear();
        registry.remove(exportBytes);
    }
}
