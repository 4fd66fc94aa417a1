package org.nvr.bench.sim;

/**
 * What a {@link SimCameraServer} has done since it started.
 *
 * @param connections     RTSP connections open now
 * @param playingSessions sessions sending now
 * @param framesSent      pictures sent (some of their packets may have been dropped by the simulated loss)
 * @param packetsSent     RTP packets written to a socket
 * @param packetsLost     RTP packets dropped by the simulated loss ({@code --loss-percent})
 * @param framesSkipped   pictures not sent because a TCP client read too slowly (and those after it until the
 *                        next keyframe)
 * @param framesLate      pictures not sent because the event loop was more than a second late for them
 * @param sessionsTimedOut UDP sessions ended because their client went silent
 * @param pendingBytes    bytes queued in the TCP connections' write buffers now
 */
public record SimStats(int connections, int playingSessions, long framesSent, long packetsSent, long packetsLost,
                       long framesSkipped, long framesLate, long sessionsTimedOut, long pendingBytes) {
}
