package org.nvr.core.record;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link SegmentSink} for one recorder. It can fail the n-th create, append or finish (counted from
 * 1 over all its writers) with an {@link IOException}, as a full disk would, and it notes any call that overlaps
 * another (two drains of one recorder at once) and any misuse of a writer.
 */
final class FakeSegmentSink implements SegmentSink {
    final List<FakeSegmentWriter> writers = new CopyOnWriteArrayList<>();
    /** Misuses seen (unit order, calls after finish, calls overlapping); tests expect none. */
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger appends = new AtomicInteger();
    final AtomicInteger finishes = new AtomicInteger();

    private final Set<Integer> failingCreates = ConcurrentHashMap.newKeySet();
    private final Set<Integer> failingAppends = ConcurrentHashMap.newKeySet();
    private final Set<Integer> failingFinishes = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean inCall = new AtomicBoolean();

    FakeSegmentSink failCreate(int... calls) {
        for (int call : calls) {
            failingCreates.add(call);
        }
        return this;
    }

    FakeSegmentSink failAppend(int... calls) {
        for (int call : calls) {
            failingAppends.add(call);
        }
        return this;
    }

    FakeSegmentSink failFinish(int... calls) {
        for (int call : calls) {
            failingFinishes.add(call);
        }
        return this;
    }

    @Override
    public SegmentWriter create(SegmentStart start) throws IOException {
        enter("create");
        try {
            int call = creates.incrementAndGet();
            if (failingCreates.contains(call)) {
                throw new IOException("No space left on device (injected at create " + call + ")");
            }
            FakeSegmentWriter writer = new FakeSegmentWriter(this, start);
            writers.add(writer);
            return writer;
        } finally {
            exit();
        }
    }

    /** Writers that were finished (not abandoned), in creation order. */
    List<FakeSegmentWriter> finished() {
        return writers.stream().filter(w -> w.summary != null).toList();
    }

    void checkAppend() throws IOException {
        int call = appends.incrementAndGet();
        if (failingAppends.contains(call)) {
            throw new IOException("No space left on device (injected at append " + call + ")");
        }
    }

    void checkFinish() throws IOException {
        int call = finishes.incrementAndGet();
        if (failingFinishes.contains(call)) {
            throw new IOException("Input/output error (injected at finish " + call + ")");
        }
    }

    /** Marks a call in progress; a second one at the same time means two drains overlapped. */
    void enter(String what) {
        if (!inCall.compareAndSet(false, true)) {
            violations.add(what + " overlapped another call on " + Thread.currentThread().getName());
        }
    }

    void exit() {
        inCall.set(false);
    }
}
