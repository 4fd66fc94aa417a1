package org.nvr.core.rtsp.server;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.nvr.core.h264.H264Packetizer;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.Gap;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.playback.PlaybackCursor;
import org.nvr.core.playback.RecordingReader;
import org.nvr.core.record.StreamKey;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recorded video of one session, from one {@link PlaybackCursor} (a seek makes a new streamer).
 *
 * <p>The cursor reads files, so it is only used on the blocking executor, one task at a time (open, read-ahead,
 * close), never on the event loop. Read-ahead is bounded ({@value #MAX_BUFFERED_UNITS} units, {@link #MAX_AHEAD}
 * of recording). Units are paced on the client's event loop by their wall clock differences divided by the
 * scale. A {@link Gap} is not waited out: the next unit goes at once, followed by a Sender Report with its wall
 * clock, and since RTP time is the wall time in 90 kHz ticks, RTP timestamps jump by the gap's length. At the
 * end of the cursor (or of the requested range) an RTCP BYE goes out and sending stops; the session stays.
 */
final class RecordedStreamer implements Streamer {

    static final int MAX_BUFFERED_UNITS = 64;
    static final Duration MAX_AHEAD = Duration.ofSeconds(2);
    /** Items read before the first unit of a cursor (parameters, gaps) before giving up on it. */
    private static final int MAX_ITEMS_BEFORE_FIRST_UNIT = 64;
    private static final int UNITS_PER_TICK = 64;
    private static final long RETRY_MILLIS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RecordedStreamer.class);

    /** ONVIF replay header extension settings, when the client required onvif-replay. */
    record Onvif(int playCseq) {
    }

    private final StreamKey key;
    private final RtpSender sender;
    private final EventLoop loop;
    private final Executor blocking;
    private final NvrClock clock;
    private final Optional<Instant> end;
    private final ArrayDeque<StreamItem> buffer = new ArrayDeque<>();
    private Onvif onvif;
    private PlaybackCursor cursor;
    private VideoParameters parameters;
    private int bufferedUnits;
    private boolean fetching;
    private boolean cursorEnded;
    private boolean finished;
    private boolean stopped;
    private boolean playing;
    private boolean blocked;
    private boolean gapPending;
    private boolean discontinuity = true;
    private double scale = 1.0;
    private Instant anchorWall;
    private Instant lastSentWall;
    private long anchorNanos;
    private ScheduledFuture<?> timer;

    RecordedStreamer(StreamKey key, RtpSender sender, EventLoop loop, Executor blocking, NvrClock clock,
                     Optional<Instant> end) {
        this.key = key;
        this.sender = sender;
        this.loop = loop;
        this.blocking = blocking;
        this.clock = clock;
        this.end = end;
    }

    /**
     * Opens the recording at {@code from} on the blocking executor and reads up to its first access unit.
     * Completes on the event loop with that unit (still queued to be sent first), or empty when nothing is
     * recorded at or after {@code from}.
     */
    CompletableFuture<Optional<AccessUnit>> open(RecordingReader recordings, Instant from) {
        CompletableFuture<Optional<AccessUnit>> opened = new CompletableFuture<>();
        fetching = true;
        try {
            blocking.execute(() -> {
                PlaybackCursor c = null;
                List<StreamItem> items = new ArrayList<>();
                Throwable failure = null;
                try {
                    c = recordings.open(key, from).orElse(null);
                    if (c != null) {
                        readFirst(c, items);
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
                PlaybackCursor opened0 = c;
                Throwable failed = failure;
                execute(() -> onOpened(opened0, items, failed, opened), () -> closeQuietly(opened0));
            });
        } catch (RejectedExecutionException e) {
            fetching = false;
            opened.completeExceptionally(e);
        }
        return opened;
    }

    /** Starts or resumes sending at {@code newScale} times real time; after the PLAY reply was written. */
    void play(double newScale, Onvif newOnvif) {
        if (stopped || finished) {
            return;
        }
        scale = newScale;
        onvif = newOnvif;
        playing = true;
        anchorWall = null;
        tick();
    }

    /** Stops sending and keeps the position: the next {@link #play} goes on from the next unit. */
    void pause() {
        playing = false;
        anchorWall = null;
        cancelTimer();
    }

    /**
     * Where a resumed {@link #play} goes on: the wall clock of the next unit queued, else of the last unit sent;
     * empty before the first unit was read. For the audit row of a resume, which reads from there, not from the
     * start of the session.
     */
    Optional<Instant> position() {
        for (StreamItem item : buffer) {
            if (item instanceof AccessUnit unit) {
                return Optional.of(unit.wallClock());
            }
        }
        return Optional.ofNullable(lastSentWall);
    }

    /** The end of the range asked for, if any. */
    Optional<Instant> end() {
        return end;
    }

    /** The scale of the last {@link #play}. */
    double scale() {
        return scale;
    }

    /** Whether the end of the recording (or range) was reached and BYE sent. */
    boolean finished() {
        return finished;
    }

    @Override
    public void writabilityChanged() {
        if (blocked && playing) {
            blocked = false;
            anchorWall = null;
            tick();
        }
    }

    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        playing = false;
        cancelTimer();
        buffer.clear();
        if (!fetching) {
            closeCursor();
        }
    }

    private void readFirst(PlaybackCursor c, List<StreamItem> items) throws IOException {
        for (int i = 0; i < MAX_ITEMS_BEFORE_FIRST_UNIT; i++) {
            StreamItem item = c.next();
            if (item == null) {
                return;
            }
            items.add(item);
            if (item instanceof AccessUnit) {
                return;
            }
        }
    }

    private void onOpened(PlaybackCursor c, List<StreamItem> items, Throwable failure,
                          CompletableFuture<Optional<AccessUnit>> opened) {
        fetching = false;
        cursor = c;
        if (stopped) {
            closeCursor();
            opened.complete(Optional.empty());
            return;
        }
        if (failure != null) {
            closeCursor();
            opened.completeExceptionally(failure);
            return;
        }
        Optional<AccessUnit> first = Optional.empty();
        for (StreamItem item : items) {
            if (item instanceof AccessUnit unit) {
                first = Optional.of(unit);
            }
        }
        if (first.isEmpty()) {
            closeCursor();
            opened.complete(first);
            return;
        }
        append(items);
        opened.complete(first);
    }

    private void tick() {
        timer = null;
        if (!playing || stopped || finished) {
            return;
        }
        long now = clock.monotonicNanos();
        for (int sent = 0; sent < UNITS_PER_TICK; ) {
            StreamItem head = buffer.peekFirst();
            if (head == null) {
                if (cursorEnded) {
                    finish();
                } else {
                    fetchMore(); // its completion ticks again
                }
                return;
            }
            if (head instanceof VideoParameters p) {
                parameters = p;
                buffer.pollFirst();
                continue;
            }
            if (head instanceof Gap) {
                buffer.pollFirst();
                gapPending = true;
                continue;
            }
            AccessUnit unit = (AccessUnit) head;
            if (end.isPresent() && !unit.wallClock().isBefore(end.get())) {
                buffer.clear();
                bufferedUnits = 0;
                finish();
                return;
            }
            if (anchorWall == null || gapPending) {
                // Start, resume, or just after a gap: this unit goes now and the pace restarts from it.
                anchorWall = unit.wallClock();
                anchorNanos = now;
            }
            long dueNanos = anchorNanos + (long) (Duration.between(anchorWall, unit.wallClock()).toNanos() / scale);
            if (dueNanos > now) {
                fetchMore();
                timer = loop.schedule(this::tick, dueNanos - now, TimeUnit.NANOSECONDS);
                return;
            }
            if (!sender.output().writable()) {
                blocked = true;
                if (sender.output().shared()) {
                    timer = loop.schedule(this::writabilityChanged, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
                return;
            }
            buffer.pollFirst();
            bufferedUnits--;
            if (gapPending) {
                sender.reportAfterNextUnit();
            }
            sender.send(unit, parameters, extension(unit));
            lastSentWall = unit.wallClock();
            gapPending = false;
            discontinuity = false;
            sent++;
        }
        fetchMore();
        timer = loop.schedule(this::tick, 0, TimeUnit.NANOSECONDS);
    }

    private H264Packetizer.HeaderExtension extension(AccessUnit unit) {
        if (onvif == null) {
            return null;
        }
        boolean endOfSection = buffer.peekFirst() instanceof Gap || (buffer.isEmpty() && cursorEnded);
        return OnvifReplayExtension.of(unit.wallClock(), unit.keyframe(), endOfSection, discontinuity,
                onvif.playCseq());
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        playing = false;
        sender.sendBye();
        if (!fetching) {
            closeCursor();
        }
    }

    /** Reads ahead on the blocking executor when the buffer is below half its bound. */
    private void fetchMore() {
        if (fetching || cursorEnded || stopped || cursor == null || bufferedUnits > MAX_BUFFERED_UNITS / 2) {
            return;
        }
        int want = MAX_BUFFERED_UNITS - bufferedUnits;
        PlaybackCursor c = cursor;
        fetching = true;
        try {
            blocking.execute(() -> {
                List<StreamItem> items = new ArrayList<>(want);
                boolean ended = false;
                try {
                    ended = readAhead(c, want, items);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("playback of {} stopped: reading the recording failed: {}", key, e.toString());
                    ended = true;
                }
                boolean end0 = ended;
                execute(() -> onFetched(items, end0), () -> closeQuietly(c));
            });
        } catch (RejectedExecutionException e) {
            fetching = false;
            cursorEnded = true;
        }
    }

    /** @return true at the end of the cursor */
    private static boolean readAhead(PlaybackCursor c, int want, List<StreamItem> items) throws IOException {
        int units = 0;
        Instant first = null;
        while (units < want && items.size() < 2 * want + 8) {
            StreamItem item = c.next();
            if (item == null) {
                return true;
            }
            items.add(item);
            if (item instanceof AccessUnit unit) {
                units++;
                if (first == null) {
                    first = unit.wallClock();
                } else if (Duration.between(first, unit.wallClock()).compareTo(MAX_AHEAD) > 0) {
                    return false;
                }
            }
        }
        return false;
    }

    private void onFetched(List<StreamItem> items, boolean ended) {
        fetching = false;
        if (stopped || finished) {
            closeCursor();
            return;
        }
        cursorEnded = ended;
        append(items);
        if (playing && timer == null && !blocked) {
            tick();
        }
    }

    private void append(List<StreamItem> items) {
        for (StreamItem item : items) {
            buffer.addLast(item);
            if (item instanceof AccessUnit) {
                bufferedUnits++;
            }
        }
    }

    private void closeCursor() {
        PlaybackCursor c = cursor;
        cursor = null;
        if (c != null) {
            try {
                blocking.execute(() -> closeQuietly(c));
            } catch (RejectedExecutionException e) {
                closeQuietly(c);
            }
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Runs {@code task} on the event loop; when the loop is gone, {@code orElse} releases what it held. */
    private void execute(Runnable task, Runnable orElse) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            orElse.run();
        }
    }

    private static void closeQuietly(PlaybackCursor c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RecordedStreamer.class).debug("closing a playback cursor failed", e);
        }
    }
}
