package org.nvr.bench;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The recording run's counters, summed over every stream (the recorders' meters are removed when they stop, so
 * they are read while recording).
 *
 * @param framesWritten        {@code nvr.record.frames}: units appended to segments
 * @param ingestBytes          {@code nvr.ingest.bytes}: payload received
 * @param lostPackets          {@code nvr.ingest.packets.lost}: RTP sequence gaps
 * @param droppedFrames        {@code nvr.ingest.frames.dropped}: units the depacketizer dropped after a loss,
 *                             waiting for a keyframe
 * @param reconnects           {@code nvr.ingest.reconnects}
 * @param hubDroppedUnits      {@code nvr.hub.reader.dropped.units} of role {@value #RECORDER_ROLE}: units the hubs
 *                             dropped for a recorder that fell behind
 * @param skippedUnits         {@code nvr.record.skipped.units}
 * @param segmentsFinished     {@code nvr.record.segments}, every end reason
 * @param writeErrors          {@code nvr.record.write.errors}
 * @param indexErrors          {@code nvr.record.index.errors}
 * @param restreamDroppedUnits {@code nvr.hub.reader.dropped.units} of role {@value #RESTREAM_ROLE}: units the hubs
 *                             dropped for re-stream sessions that fell behind (0 without re-stream clients)
 */
record RecordCounters(long framesWritten, long ingestBytes, long lostPackets, long droppedFrames, long reconnects,
                      long hubDroppedUnits, long skippedUnits, long segmentsFinished, long writeErrors,
                      long indexErrors, long restreamDroppedUnits) {
    /** {@code org.nvr.core.record.Recorder.READER_ROLE}. */
    static final String RECORDER_ROLE = "recorder";
    /** {@code org.nvr.core.rtsp.server.LiveStreamer.ROLE}. */
    static final String RESTREAM_ROLE = "rtsp-client";

    private static final String HUB_DROPPED = "nvr.hub.reader.dropped.units";

    static RecordCounters read(MeterRegistry registry) {
        return new RecordCounters(count(registry, "nvr.record.frames"), count(registry, "nvr.ingest.bytes"),
                count(registry, "nvr.ingest.packets.lost"), count(registry, "nvr.ingest.frames.dropped"),
                count(registry, "nvr.ingest.reconnects"),
                (long) Meters.counterSum(registry, HUB_DROPPED, "role", RECORDER_ROLE),
                count(registry, "nvr.record.skipped.units"), count(registry, "nvr.record.segments"),
                count(registry, "nvr.record.write.errors"), count(registry, "nvr.record.index.errors"),
                (long) Meters.counterSum(registry, HUB_DROPPED, "role", RESTREAM_ROLE));
    }

    /** This minus an earlier reading: what happened between the two. */
    RecordCounters minus(RecordCounters earlier) {
        return new RecordCounters(framesWritten - earlier.framesWritten, ingestBytes - earlier.ingestBytes,
                lostPackets - earlier.lostPackets, droppedFrames - earlier.droppedFrames,
                reconnects - earlier.reconnects, hubDroppedUnits - earlier.hubDroppedUnits,
                skippedUnits - earlier.skippedUnits, segmentsFinished - earlier.segmentsFinished,
                writeErrors - earlier.writeErrors, indexErrors - earlier.indexErrors,
                restreamDroppedUnits - earlier.restreamDroppedUnits);
    }

    /**
     * Frames lost to the recording: dropped by the hubs for the recorders, not written by the recorders, or dropped
     * by the depacketizers after a loss.
     */
    long framesDropped() {
        return hubDroppedUnits + skippedUnits + droppedFrames;
    }

    private static long count(MeterRegistry registry, String name) {
        return (long) Meters.counterSum(registry, name);
    }
}
