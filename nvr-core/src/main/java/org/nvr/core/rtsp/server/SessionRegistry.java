package org.nvr.core.rtsp.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every session of the server, by id, at most {@code maxSessions}: the bound behind 453 Not Enough Bandwidth
 * and {@link RtspServer#sessionCount()}. Thread-safe: connections on different event loops add and remove.
 */
final class SessionRegistry {

    private final int maxSessions;
    private final Map<String, ServerSession> sessions = new ConcurrentHashMap<>();

    SessionRegistry(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** Adds a session; false when the server is full (or the id is taken). */
    synchronized boolean add(ServerSession session) {
        if (sessions.size() >= maxSessions) {
            return false;
        }
        return sessions.putIfAbsent(session.id(), session) == null;
    }

    /** Whether another session would fit now. */
    boolean full() {
        return sessions.size() >= maxSessions;
    }

    void remove(ServerSession session) {
        sessions.remove(session.id(), session);
    }

    int size() {
        return sessions.size();
    }
}
