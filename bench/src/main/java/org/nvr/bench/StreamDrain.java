package org.nvr.bench;

import io.netty.channel.EventLoop;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.StreamItem;
import org.nvr.core.stream.HubReader;

/**
 * A reader that takes everything from its {@link HubReader} as a recorder would, counting access units and
 * payload bytes, and writing them to a {@link FileSink} when it has one. The hub calls {@link #run()} when the
 * queue goes from empty to non-empty, on the publisher's event loop; the drain is then scheduled on
 * {@code loop}, not run inline, as a reader's callback must stay cheap.
 */
final class StreamDrain implements Runnable {
    private final EventLoop loop;
    private final FileSink sink;
    private volatile HubReader reader;
    private volatile long units;
    private volatile long bytes;

    /**
     * @param loop the stream's event loop
     * @param sink where the units are written, or null to only count them
     */
    StreamDrain(EventLoop loop, FileSink sink) {
        this.loop = loop;
        this.sink = sink;
    }

    /** Attaches the reader returned by subscribe, and drains what subscribing queued. */
    void attach(HubReader subscribed) {
        reader = subscribed;
        loop.execute(this::drain);
    }

    @Override
    public void run() {
        loop.execute(this::drain);
    }

    /** Access units the hub dropped for this reader because it fell behind. */
    long droppedUnits() {
        HubReader current = reader;
        return current == null ? 0 : current.droppedUnits();
    }

    long units() {
        return units;
    }

    long bytes() {
        return bytes;
    }

    private void drain() {
        HubReader current = reader;
        if (current == null) {
            return;
        }
        long u = units;
        long b = bytes;
        StreamItem item;
        while ((item = current.poll()) != null) {
            if (item instanceof AccessUnit unit) {
                u++;
                b += unit.payloadBytes();
                if (sink != null) {
                    sink.write(unit);
                }
            }
        }
        units = u;
        bytes = b;
    }
}
