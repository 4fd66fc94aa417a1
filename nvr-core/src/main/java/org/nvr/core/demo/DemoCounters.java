package org.nvr.core.demo;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The server-wide counters behind {@link DemoServerStats}, updated from every connection's event loop. */
final class DemoCounters {
    final AtomicInteger playingSessions = new AtomicInteger();
    final LongAdder framesSent = new LongAdder();
    final LongAdder framesSkipped = new LongAdder();
}
