package org.nvr.core.netty;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;

/**
 * The accepted connections of a TCP server, bounded twice: each new channel is admitted here, which closes it when
 * {@code maxConnections} are open already, or when its client address has {@code maxConnectionsPerAddress} open
 * (so that one address cannot take every slot, issue #12), and otherwise tracks it until it closes, so that the
 * server can close them all when it stops. Refusals are logged at most once a minute per kind, with the number held
 * back since, so that a client reconnecting in a loop cannot flood the log. Thread-safe: channels are admitted and
 * close on any event loop.
 */
public final class OpenConnections {
    /** Why a connection was refused; {@link #tag()} is the metric tag value. */
    public enum Refusal {
        /** {@code maxConnections} were open. */
        SERVER_FULL,
        /** Its client address had {@code maxConnectionsPerAddress} open. */
        ADDRESS_FULL;

        /** {@code server_full}, {@code address_full}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AddressCounts perAddress;
    private final String serverName;
    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final Logger log;
    private final Consumer<Refusal> refused;
    private final WarningThrottle serverFullWarnings;
    private final WarningThrottle addressFullWarnings;

    /**
     * No limit per address (it equals {@code maxConnections}), the system clock and no refusal counting: for the
     * demo camera and the benchmark's simulator.
     */
    public OpenConnections(String serverName, int maxConnections, Logger log) {
        this(serverName, maxConnections, Math.max(1, maxConnections), log, NvrClock.SYSTEM, refusal -> { });
    }

    /**
     * @param serverName               names the server in the refusal warning ("RTSP server", "admin endpoint")
     * @param maxConnections           connections served at once, at least 1; more are closed on accept
     * @param maxConnectionsPerAddress connections of one client IP address at once, at least 1; more from that
     *                                 address are closed on accept
     * @param log                      the server's logger, so that the warning carries the server's category
     * @param clock                    its monotonic clock spaces the warnings
     * @param refused                  told of each refusal (a metric); called on the accepting event loop
     */
    public OpenConnections(String serverName, int maxConnections, int maxConnectionsPerAddress, Logger log,
                           NvrClock clock, Consumer<Refusal> refused) {
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " < 1");
        }
        this.maxConnections = maxConnections;
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        this.perAddress = new AddressCounts(maxConnectionsPerAddress);
        this.log = Objects.requireNonNull(log, "log");
        this.refused = Objects.requireNonNull(refused, "refused");
        Objects.requireNonNull(clock, "clock");
        this.serverFullWarnings = new WarningThrottle(WARNING_INTERVAL, clock);
        this.addressFullWarnings = new WarningThrottle(WARNING_INTERVAL, clock);
    }

    /**
     * Tracks {@code channel} until it closes; when {@link #maxConnections} are open already, or as many as allowed
     * from its client address, closes it instead (and logs a warning, at most once a minute per kind).
     *
     * @return whether the channel was admitted (the caller then sets up its pipeline)
     */
    public boolean admit(Channel channel) {
        if (channels.size() >= maxConnections) {
            long heldBack = serverFullWarnings.tryWarn();
            if (heldBack >= 0) {
                log.warn("{}: {} connections already (the limit), refusing {}{}", serverName, channels.size(),
                        channel.remoteAddress(), heldBack(heldBack));
            }
            return refuse(channel, Refusal.SERVER_FULL);
        }
        InetAddress address = channel.remoteAddress() instanceof InetSocketAddress socket ? socket.getAddress() : null;
        if (address != null && !perAddress.tryAcquire(address)) {
            long heldBack = addressFullWarnings.tryWarn();
            if (heldBack >= 0) {
                log.warn("{}: {} connections from {} already (the per-address limit), refusing another{}",
                        serverName, maxConnectionsPerAddress, address.getHostAddress(), heldBack(heldBack));
            }
            return refuse(channel, Refusal.ADDRESS_FULL);
        }
        channels.add(channel);
        channel.closeFuture().addListener(future -> {
            channels.remove(channel);
            if (address != null) {
                perAddress.release(address);
            }
        });
        return true;
    }

    /** Connections open now. */
    public int count() {
        return channels.size();
    }

    /** Connections of {@code address} open now. */
    public int count(InetAddress address) {
        return perAddress.count(address);
    }

    /** A live, read-only view of the open connections (for statistics). */
    public Set<Channel> channels() {
        return Collections.unmodifiableSet(channels);
    }

    /** Closes every open connection and waits for each to close. */
    public void closeAll() {
        for (Channel channel : channels) {
            channel.close().syncUninterruptibly();
        }
    }

    private boolean refuse(Channel channel, Refusal why) {
        channel.close();
        refused.accept(why);
        return false;
    }

    private static String heldBack(long count) {
        return count == 0 ? "" : " (" + count + " more refused since the last warning)";
    }
}
