package org.nvr.core.demo;

/**
 * A snapshot of what the {@link DemoCameraServer} is doing.
 *
 * @param connections          open RTSP connections
 * @param playingSessions      sessions that are sending video
 * @param framesSent           access units sent, all sessions together, since start
 * @param framesSkipped        access units not sent because a client did not read fast enough (the session then
 *                             waits for the next keyframe), since start
 * @param pendingOutboundBytes bytes queued for sending on all connections now, not yet accepted by the kernel
 */
public record DemoServerStats(int connections, int playingSessions, long framesSent, long framesSkipped,
                              long pendingOutboundBytes) {
}
