package org.nvr.bench.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link MediaOutput} that keeps what a session wrote, for tests that drive a session by hand. */
final class RecordingOutput implements MediaOutput {

    /** One RTP packet as the session handed it over. */
    record Packet(int clipPacket, int sequence, long timestamp32, boolean marker) {
    }

    /** One Sender Report. */
    record Report(Instant wallClock, long timestamp32, long packetCount, long octetCount) {
    }

    final List<Packet> packets = new ArrayList<>();
    final List<Report> reports = new ArrayList<>();
    /** How many pictures were begun and ended. */
    int pictures;
    boolean writable = true;
    boolean closed;
    private boolean inPicture;

    @Override
    public boolean writable() {
        return writable && !closed;
    }

    @Override
    public void beginPicture(int packetCount) {
        if (inPicture) {
            throw new IllegalStateException("picture begun twice");
        }
        inPicture = true;
    }

    @Override
    public void packet(int packet, int sequence, long timestamp32, boolean marker) {
        if (!inPicture) {
            throw new IllegalStateException("packet outside a picture");
        }
        packets.add(new Packet(packet, sequence, timestamp32, marker));
    }

    @Override
    public void endPicture(Instant reportWallClock, long reportTimestamp32, long packetCount, long octetCount) {
        inPicture = false;
        pictures++;
        if (reportWallClock != null) {
            reports.add(new Report(reportWallClock, reportTimestamp32, packetCount, octetCount));
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
