package org.nvr.core.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slowloris client's sending side, for the attack tests: writes a request's first {@code atOnce} bytes, then one
 * byte per interval, on its own thread, until the request is sent, it is stopped, or the server hangs up.
 */
public final class Trickle {
    /** Where the bytes go (a socket's output stream, a raw test client). */
    @FunctionalInterface
    public interface ByteSink {
        void send(byte[] bytes) throws IOException;
    }

    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean stopped;
    private volatile IOException hangUp;

    private Trickle(ByteSink sink, byte[] bytes, int atOnce, Duration every) {
        thread = new Thread(() -> {
            try {
                sink.send(Arrays.copyOf(bytes, atOnce));
                sent.set(atOnce);
                for (int i = atOnce; i < bytes.length && !stopped; i++) {
                    sink.send(new byte[] {bytes[i]});
                    sent.set(i + 1);
                    Thread.sleep(every.toMillis());
                }
            } catch (IOException e) {
                // The server hung up, which is what the tests wait for; kept for hungUp().
                hangUp = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "trickle");
        thread.setDaemon(true);
    }

    /** Starts sending {@code bytes}: {@code atOnce} of them at once, then one every {@code every}. */
    public static Trickle start(ByteSink sink, byte[] bytes, int atOnce, Duration every) {
        Trickle trickle = new Trickle(sink, bytes, atOnce, every);
        trickle.thread.start();
        return trickle;
    }

    /** Bytes written so far. */
    public int sent() {
        return sent.get();
    }

    /** Whether a write failed (the server closed the connection). */
    public boolean hungUp() {
        return hangUp != null;
    }

    /** Stops sending and waits for the thread. */
    public void stop() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(2000);
    }
}
