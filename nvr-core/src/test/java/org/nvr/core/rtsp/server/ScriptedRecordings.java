package org.nvr.core.rtsp.server;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.playback.PlaybackCursor;
import org.nvr.core.playback.RecordingReader;
import org.nvr.core.record.StreamKey;

/**
 * A recording of one camera stream held as a list of items, read as {@link RecordingReader} says: from the
 * keyframe at or before the requested time (or the first one after it), parameters first. Counts opens and
 * closes, and remembers the times asked for.
 */
final class ScriptedRecordings implements RecordingReader {

    private final StreamKey key;
    private final List<StreamItem> items;
    final List<Instant> opened = new CopyOnWriteArrayList<>();
    final AtomicInteger openCursors = new AtomicInteger();

    ScriptedRecordings(StreamKey key, List<StreamItem> items) {
        this.key = key;
        this.items = List.copyOf(items);
    }

    @Override
    public Optional<PlaybackCursor> open(StreamKey stream, Instant from) {
        opened.add(from);
        if (!stream.equals(key)) {
            return Optional.empty();
        }
        int start = -1;
        VideoParameters parameters = null;
        VideoParameters parametersAtStart = null;
        for (int i = 0; i < items.size(); i++) {
            StreamItem item = items.get(i);
            if (item instanceof VideoParameters p) {
                parameters = p;
            } else if (item instanceof AccessUnit unit && unit.keyframe()) {
                if (!unit.wallClock().isAfter(from) || start < 0) {
                    start = i;
                    parametersAtStart = parameters;
                }
                if (unit.wallClock().isAfter(from)) {
                    break;
                }
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        boolean lastIsBefore = items.stream().filter(AccessUnit.class::isInstance).map(AccessUnit.class::cast)
                .allMatch(u -> u.wallClock().isBefore(from));
        if (lastIsBefore) {
            return Optional.empty();
        }
        openCursors.incrementAndGet();
        VideoParameters first = parametersAtStart;
        int from0 = start;
        return Optional.of(new PlaybackCursor() {
            private int next = from0;
            private boolean sentParameters = first == null;
            private boolean closed;

            @Override
            public StreamItem next() {
                if (closed) {
                    throw new IllegalStateException("cursor closed");
                }
                if (!sentParameters) {
                    sentParameters = true;
                    return first;
                }
                return next < items.size() ? items.get(next++) : null;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    openCursors.decrementAndGet();
                }
            }
        });
    }
}
