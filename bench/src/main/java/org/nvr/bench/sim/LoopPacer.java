package org.nvr.bench.sim;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.nvr.core.time.NvrClock;

/**
 * The clock of one event loop's sessions: one scheduled task per loop, not one timer per session. The sessions wait
 * in a heap ordered by the time their next picture is due; the task wakes at the first tick after the earliest of
 * those times, sends every picture that is due by then (a late loop catches up in one pass), and schedules itself
 * again.
 *
 * <p>Ticks fall on a {@value #TICK_MILLIS} ms grid of the monotonic clock, so a picture goes out 0 to
 * {@value #TICK_MILLIS} ms after its time (plus its jitter), and a loop wakes at most {@code 1000 / TICK_MILLIS}
 * times a second however many sessions it paces. The grid matters more than it seems: Netty's NIO selector sleeps
 * in whole milliseconds and polls without sleeping ({@code selectNow}, again and again) whenever the next scheduled
 * task is less than half a millisecond away; with a tick at each session's own due time, 100 sessions at 25
 * pictures/s leave a gap of 0.4 ms on average, and the loop spent more time polling the clock than sending video.
 *
 * <p>Confined to its event loop: every method must be called on it.
 */
final class LoopPacer {

    static final long TICK_MILLIS = 2;
    private static final long TICK_NANOS = TICK_MILLIS * 1_000_000L;

    private final EventLoop loop;
    private final NvrClock clock;
    private final PriorityQueue<SimSession> waiting =
            new PriorityQueue<>(Comparator.comparingLong(SimSession::sendAtNanos));
    private final Runnable tickTask = this::tick;
    private ScheduledFuture<?> tick;
    private long tickAtNanos;
    private boolean closed;

    LoopPacer(EventLoop loop, NvrClock clock) {
        this.loop = loop;
        this.clock = clock;
    }

    EventLoop loop() {
        return loop;
    }

    /** Sessions waiting for their next picture now. */
    int sessions() {
        return waiting.size();
    }

    /** Starts pacing a session that is playing. */
    void add(SimSession session) {
        if (closed) {
            return;
        }
        waiting.add(session);
        scheduleNext();
    }

    /** Stops pacing a session (PAUSE, TEARDOWN, its connection closed); linear in the sessions, and rare. */
    void remove(SimSession session) {
        waiting.remove(session);
    }

    /** Cancels the tick and forgets every session. */
    void close() {
        closed = true;
        waiting.clear();
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    private void tick() {
        tick = null;
        long now = clock.monotonicNanos();
        SimSession head;
        while ((head = waiting.peek()) != null && head.sendAtNanos() <= now) {
            waiting.poll();
            if (head.sendDue(now)) {
                waiting.add(head);
            }
        }
        scheduleNext();
    }

    private void scheduleNext() {
        SimSession head = waiting.peek();
        if (head == null || closed) {
            return;
        }
        long at = Math.floorDiv(head.sendAtNanos() + TICK_NANOS - 1, TICK_NANOS) * TICK_NANOS;
        if (tick != null) {
            if (tickAtNanos <= at) {
                return;
            }
            tick.cancel(false);
        }
        tickAtNanos = at;
        tick = loop.schedule(tickTask, Math.max(0, at - clock.monotonicNanos()), TimeUnit.NANOSECONDS);
    }
}
