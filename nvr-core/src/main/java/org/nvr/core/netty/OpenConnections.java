package org.nvr.core.netty;

import io.netty.channel.Channel;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The accepted connections of a TCP server, bounded: each new channel is admitted here, which closes it when
 * {@code maxConnections} are open already and otherwise tracks it until it closes, so that the server can close
 * them all when it stops. Thread-safe: channels are admitted and close on any event loop.
 */
public final class OpenConnections {
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final String serverName;
    private final int maxConnections;
    private final Logger log;

    /**
     * @param serverName     names the server in the refusal warning ("RTSP server", "admin endpoint")
     * @param maxConnections connections served at once, at least 1; more are closed on accept
     * @param log            the server's logger, so that the warning carries the server's category
     */
    public OpenConnections(String serverName, int maxConnections, Logger log) {
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + " < 1");
        }
        this.maxConnections = maxConnections;
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Tracks {@code channel} until it closes; when {@link #maxConnections} are open already, logs a warning and
     * closes it instead.
     *
     * @return whether the channel was admitted (the caller then sets up its pipeline)
     */
    public boolean admit(Channel channel) {
        if (channels.size() >= maxConnections) {
            log.warn("{}: {} connections already, refusing {}", serverName, channels.size(), channel.remoteAddress());
            channel.close();
            return false;
        }
        channels.add(channel);
        channel.closeFuture().addListener(future -> channels.remove(channel));
        return true;
    }

    /** Connections open now. */
    public int count() {
        return channels.size();
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
}
