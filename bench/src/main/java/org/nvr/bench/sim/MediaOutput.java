package org.nvr.bench.sim;

import java.time.Instant;

/**
 * Where one session's RTP and RTCP go: TCP interleaved channels or UDP. A picture is written as
 * {@link #beginPicture}, one {@link #packet} per RTP packet that is not lost, then {@link #endPicture}; all on the
 * session's event loop.
 */
interface MediaOutput {

    /** Whether the transport takes more now; false while a TCP client has not read what is queued. */
    boolean writable();

    /** Starts a picture of at most {@code packets} RTP packets. */
    void beginPicture(int packets);

    /**
     * Writes clip packet {@code packet}'s payload behind a header with these fields.
     *
     * @param timestamp32 RTP timestamp, 0..2^32-1
     */
    void packet(int packet, int sequence, long timestamp32, boolean marker);

    /**
     * Ends the picture: writes the Sender Report when {@code reportWallClock} is not null, then flushes.
     *
     * @param reportWallClock  wall-clock time of {@code reportTimestamp32}, or null for no report
     * @param packetCount      RTP packets sent so far
     * @param octetCount       payload octets sent so far
     */
    void endPicture(Instant reportWallClock, long reportTimestamp32, long packetCount, long octetCount);

    /** Stops for good; later calls write nothing. */
    void close();
}
