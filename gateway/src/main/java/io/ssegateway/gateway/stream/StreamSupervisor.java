package io.ssegateway.gateway.stream;

import io.ssegateway.spi.monitor.CloseReason;

import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One shared timer for every open stream's {@linkplain Deadline deadlines}: it times out upstream connects, writes
 * heartbeats after upstream silence, disconnects clients that stopped reading and closes streams whose
 * credential expired. No thread per stream, and no
 * visit to a stream between its deadlines: each stream sits in a {@link DeadlineWheel} at the tick its next
 * deadline may be due (a quiet stream with a 15 s heartbeat is looked at about every 15 s, not ten times a second).
 * A deadline is acted on at the first tick (every 100 ms) after it, as when the timer looked at every stream at
 * every tick.
 *
 * <p>Only the timer's thread touches the wheel and checks deadlines. A stream's thread tells it that a deadline may
 * have moved earlier ({@link StreamState#deadlinesChanged()}) or that the stream ended through a queue, which the
 * timer empties at each tick.
 */
public final class StreamSupervisor implements AutoCloseable {
    private static final long TICK_MS = 100;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MS);

    private final Set<StreamState> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    /** Streams to look at again at the next tick: their deadlines moved earlier, or they ended. */
    private final Queue<Watch> changed = new ConcurrentLinkedQueue<>();
    /** Ticks count from here, so they stay small positive numbers whatever {@code nanoTime} reads. */
    private final long origin = System.nanoTime();
    private final DeadlineWheel<Watch> wheel = new DeadlineWheel<>(0);
    private volatile long visits;
    private volatile long ticks;

    /** A supervised stream: its place in the wheel (timer thread only) and whether it ended. */
    final class Watch extends DeadlineWheel.Entry {
        private final StreamState stream;
        private volatile boolean ended;

        private Watch(StreamState stream) {
            this.stream = stream;
        }

        /** The stream's deadlines may have moved earlier: the timer looks at it at its next tick. */
        void recheck() {
            changed.add(this);
        }
    }

    /** Starts the timer. */
    public StreamSupervisor() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-stream-supervisor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    public void add(StreamState stream) {
        streams.add(stream);
        Watch watch = new Watch(stream);
        stream.supervised(watch);
        watch.recheck();
    }

    public void remove(StreamState stream) {
        streams.remove(stream);
        Watch watch = stream.supervised(null);
        if (watch != null) {
            watch.ended = true;
            changed.add(watch); // out of the wheel at the next tick, so the wheel does not keep it
        }
    }

    /** Open streams right now. */
    public int openStreams() {
        return streams.size();
    }

    /**
     * Closes every open stream with {@code reason}, each at a random moment within {@code window}, so clients do
     * not all reconnect at the same instant.
     */
    public void abortAllSpread(CloseReason reason, Duration window) {
        long windowMs = Math.max(1, window.toMillis());
        for (StreamState s : streams) {
            long at = java.util.concurrent.ThreadLocalRandom.current().nextLong(windowMs);
            timer.schedule(() -> s.abort(reason), at, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Closes the open streams of the routes {@code which} accepts as {@link #abortAllSpread} does (a reload removed
     * or re-pointed their routes); returns how many.
     */
    public int abortSpread(java.util.function.Predicate<io.ssegateway.gateway.route.Route> which, CloseReason reason,
                           Duration window) {
        long windowMs = Math.max(1, window.toMillis());
        int count = 0;
        for (StreamState s : streams) {
            if (which.test(s.route())) {
                long at = java.util.concurrent.ThreadLocalRandom.current().nextLong(windowMs);
                timer.schedule(() -> s.abort(reason), at, TimeUnit.MILLISECONDS);
                count++;
            }
        }
        return count;
    }

    /** Waits until no stream is open or the timeout passes; returns whether all closed. */
    public boolean awaitNoStreams(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!streams.isEmpty()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Deadline checks made so far (each looks at one stream's deadlines): what a quiet stream costs. */
    long visits() {
        return visits;
    }

    /** Ticks done so far. */
    long ticks() {
        return ticks;
    }

    private void tick() {
        long now = System.nanoTime();
        wheel.advance((now - origin) / TICK_NANOS, due -> visit(due, now));
        Watch watch;
        while ((watch = changed.poll()) != null) {
            wheel.remove(watch);
            visit(watch, now);
        }
        ticks++;
    }

    private void visit(Watch watch, long now) {
        if (watch.ended) {
            return;
        }
        visits++;
        long next;
        try {
            next = Deadline.checkAll(watch.stream, now);
        } catch (RuntimeException e) {
            System.getLogger(StreamSupervisor.class.getName()).log(System.Logger.Level.WARNING,
                    "stream supervisor failed on stream " + watch.stream.streamId(), e);
            next = TICK_NANOS; // tried again at the next tick, as before
        }
        if (next != Deadline.NEVER) {
            // looked at in the tick of the deadline: acted on then, or (if still early) at the next tick, the first
            // one after the deadline, as when every stream was looked at every tick
            wheel.schedule(watch, (now - origin + next) / TICK_NANOS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
