package org.nvr.core.record;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.nvr.core.model.AccessUnit;

/**
 * An in-memory {@link SegmentWriter}: keeps the appended units, computes the media duration as a real fMP4
 * writer does (each sample lasts until the next one's pts; the last one provisionally as long as the one
 * before), and hashes the AVC sample bytes so that the summary's size and hash follow its content.
 *
 * <p>Like the fMP4 writer, it writes fragments of {@value #FRAGMENT_UNITS} units (1 s at 25 fps): after a failed
 * append or finish, a further {@code finish} keeps the complete fragments only, or fails when there is none.
 */
final class FakeSegmentWriter implements SegmentWriter {
    /** Bytes standing for the {@code ftyp}+{@code moov} header. */
    static final int HEADER_BYTES = 700;
    /** Units per fragment. */
    static final int FRAGMENT_UNITS = 25;

    final SegmentStart start;
    final List<AccessUnit> units = new ArrayList<>();
    volatile boolean abandoned;
    volatile SegmentSummary summary;

    private final FakeSegmentSink sink;
    private final MessageDigest sha256;
    private long sampleBytes;
    private boolean failed;

    FakeSegmentWriter(FakeSegmentSink sink, SegmentStart start) {
        this.sink = sink;
        this.start = start;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void append(AccessUnit unit) throws IOException {
        sink.enter("append");
        try {
            if (abandoned || summary != null) {
                sink.violations.add("append after finish or abandon: " + unit);
            }
            if (units.isEmpty() && !unit.keyframe()) {
                sink.violations.add("segment " + start.sequence() + " starts without a keyframe: " + unit);
            }
            if (!units.isEmpty() && unit.pts90k() <= units.get(units.size() - 1).pts90k()) {
                sink.violations.add("pts not increasing in segment " + start.sequence() + ": " + unit);
            }
            try {
                sink.checkAppend();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            units.add(unit);
            for (byte[] nalu : unit.nalus()) {
                sha256.update(new byte[] {0, 0, (byte) (nalu.length >> 8), (byte) nalu.length});
                sha256.update(nalu);
            }
            sampleBytes += unit.avccBytes();
        } finally {
            sink.exit();
        }
    }

    @Override
    public long mediaDuration90k() {
        int n = units.size();
        if (n < 2) {
            return 0;
        }
        long last = units.get(n - 1).pts90k();
        return last - units.get(0).pts90k() + (last - units.get(n - 2).pts90k());
    }

    @Override
    public SegmentSummary finish(EndReason reason) throws IOException {
        sink.enter("finish");
        try {
            if (abandoned || summary != null) {
                sink.violations.add("finish after finish or abandon of segment " + start.sequence());
            }
            if (failed) {
                return keepCompleteFragments(reason);
            }
            try {
                sink.checkFinish();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            long duration90k = mediaDuration90k();
            Instant end = start.startUtc().plusNanos(duration90k * 100_000 / 9);
            Path path = Path.of(start.stream().cameraId(), start.sequence() + ".mp4");
            summary = new SegmentSummary(start, path, end, duration90k, HEADER_BYTES + sampleBytes, units.size(),
                    HexFormat.of().formatHex(sha256.digest()), List.of(), reason);
            return summary;
        } finally {
            sink.exit();
        }
    }

    private SegmentSummary keepCompleteFragments(EndReason reason) throws IOException {
        int kept = units.size() / FRAGMENT_UNITS * FRAGMENT_UNITS;
        if (kept == 0) {
            throw new IOException("no complete fragment was written before the failure");
        }
        MessageDigest keptHash;
        try {
            keptHash = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long bytes = HEADER_BYTES;
        for (AccessUnit unit : units.subList(0, kept)) {
            bytes += unit.avccBytes();
            unit.nalus().forEach(keptHash::update);
        }
        // Each kept unit lasts until the next one's pts, which the writer knew when it wrote the fragment.
        long duration90k = kept < units.size() ? units.get(kept).pts90k() - units.get(0).pts90k()
                : mediaDuration90k();
        units.subList(kept, units.size()).clear();
        Instant end = start.startUtc().plusNanos(duration90k * 100_000 / 9);
        Path path = Path.of(start.stream().cameraId(), start.sequence() + ".mp4");
        summary = new SegmentSummary(start, path, end, duration90k, bytes, kept,
                HexFormat.of().formatHex(keptHash.digest()), List.of(), reason);
        return summary;
    }

    @Override
    public void abandon() {
        abandoned = true;
    }

    EndReason reason() {
        return summary == null ? null : summary.endReason();
    }
}
