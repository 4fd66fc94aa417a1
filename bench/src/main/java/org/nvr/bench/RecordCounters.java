package org.nvr.bench;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The recording run's counters, summed over every stream (the recorders' meters are removed when they stop, so
 * they are read while recording).
 *
 * @param framesWritten    {@code nvr.record.frames}: units appended to segments
 * @param ingestBytes      {@code nvr.ingest.bytes}: payload received
 * @param lostPackets      {@code nvr.ingest.packets.lost}
 * @param droppedFrames    {@code nvr.ingest.frames.dropped}
 * @param reconnects       {@code nvr.ingest.reconnects}
 * @param hubDroppedUnits  {@code nvr.hub.reader.dropped.units}: units the hubs dropped for a reader that fell
 *                         behind (the recorder is the only reader)
 * @param skippedUnits     {@code nvr.record.skipped.units}
 * @param segmentsFinished {@code nvr.record.segments}, every end reason
 * @param writeErrors      {@code nvr.record.write.errors}
 * @param indexErrors      {@code nvr.record.index.errors}
 */
record RecordCounters(long framesWritten, long ingestBytes, long lostPackets, long droppedFrames, long reconnects,
                      long hubDroppedUnits, long skippedUnits, long segmentsFinished, long writeErrors,
                      long indexErrors) {
    static RecordCounters read(MeterRegistry registry) {
        return new RecordCounters(count(registry, "nvr.record.frames"), count(registry, "nvr.ingest.bytes"),
                count(registry, "nvr.ingest.packets.lost"), count(registry, "nvr.ingest.frames.dropped"),
                count(registry, "nvr.ingest.reconnects"), count(registry, "nvr.hub.reader.dropped.units"),
                count(registry, "nvr.record.skipped.units"), count(registry, "nvr.record.segments"),
                count(registry, "nvr.record.write.errors"), count(registry, "nvr.record.index.errors"));
    }

    /** This minus an earlier reading: what happened between the two. */
    RecordCounters minus(RecordCounters earlier) {
        return new RecordCounters(framesWritten - earlier.framesWritten, ingestBytes - earlier.ingestBytes,
                lostPackets - earlier.lostPackets, droppedFrames - earlier.droppedFrames,
                reconnects - earlier.reconnects, hubDroppedUnits - earlier.hubDroppedUnits,
                skippedUnits - earlier.skippedUnits, segmentsFinished - earlier.segmentsFinished,
                writeErrors - earlier.writeErrors, indexErrors - earlier.indexErrors);
    }

    private static long count(MeterRegistry registry, String name) {
        return (long) Meters.counterSum(registry, name);
    }
}
