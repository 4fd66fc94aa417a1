package org.nvr.bench.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What every session of one server adds to, from any event loop. */
final class SimCounters {
    final AtomicInteger playingSessions = new AtomicInteger();
    final LongAdder framesSent = new LongAdder();
    final LongAdder packetsSent = new LongAdder();
    final LongAdder packetsLost = new LongAdder();
    final LongAdder framesSkipped = new LongAdder();
    final LongAdder framesLate = new LongAdder();
    final LongAdder sessionsTimedOut = new LongAdder();
}
