package io.ssegateway.gateway.share;

import io.ssegateway.spi.monitor.CloseReason;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client's place on a shared stream: the events it has yet to write, bounded in bytes. The shared stream's
 * reader adds events ({@link #offer}, all the blocks of one upstream read at once) and never waits; the client's own
 * thread takes them ({@link #next}, or all that wait at once with {@link #drainTo}, so a client that woke late writes
 * them in one write) and writes them with blocking writes. The queue holds references to the shared events' arrays, not copies. A client that falls
 * behind by more than {@code maxQueue} bytes is ended as {@link End#SLOW}: its queue is dropped and its thread told
 * (the {@link #onSlow} hook), so it closes at an event boundary. Events replayed at join time go first and do not
 * count against the bound.
 */
public final class ClientQueue implements AutoCloseable {
    /** Why a client's place on the shared stream ended. */
    public enum End {
        /** The upstream ended its response; the queued events are still delivered. */
        UPSTREAM_ENDED(CloseReason.UPSTREAM_ENDED),
        /** The upstream broke and could not be resumed; the queued events are still delivered. */
        UPSTREAM_ERROR(CloseReason.UPSTREAM_ERROR),
        /** The client fell behind by more than {@code max-queue}. */
        SLOW(CloseReason.SLOW_CLIENT),
        /** The client left (or the gateway closed it). */
        LEFT(CloseReason.CLIENT_GONE);

        private final CloseReason closeReason;

        End(CloseReason closeReason) {
            this.closeReason = closeReason;
        }

        /** Why the client's stream closed, as monitors hear it, when its queue ended this way. */
        public CloseReason closeReason() {
            return closeReason;
        }
    }

    private final long maxQueue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    /**
     * Events queued above which a drained queue starts over with a new, small array instead of keeping the grown one:
     * thousands of parked clients would otherwise each keep the largest batch they ever had (a 74-slot array, 300 B).
     */
    private static final int KEPT_SLOTS = 16;

    /** The replayed events not yet taken; null when there are none (most clients never have any). */
    private ArrayDeque<SharedEvent> backlog;
    private ArrayDeque<SharedEvent> events = new ArrayDeque<>();
    private long queuedBytes;
    private End end;
    private volatile Runnable onSlow = () -> { };
    private volatile SharedStream stream;

    /** A queue that ends its client as slow when more than {@code maxQueue} bytes wait. */
    public ClientQueue(long maxQueue) {
        this.maxQueue = maxQueue;
    }

    /** Runs (on the shared stream's reader thread, once) when the client is ended as slow; it must not block. */
    public void onSlow(Runnable hook) {
        this.onSlow = hook;
    }

    /**
     * The next event to write, waiting at most {@code timeoutNanos}; null when none came in that time or the queue
     * ended ({@link #end()} tells which).
     *
     * @throws InterruptedException if the client's thread was interrupted
     */
    public SharedEvent next(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (true) {
                if (end == End.SLOW || end == End.LEFT) {
                    return null;
                }
                SharedEvent event = backlog == null ? null : backlog.pollFirst();
                if (event != null) {
                    return event;
                }
                backlog = null;
                event = events.pollFirst();
                if (event != null) {
                    queuedBytes -= event.size();
                    return event;
                }
                if (end != null || left <= 0) {
                    return null;
                }
                left = ready.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves every event waiting into {@code into} (replayed ones first), waiting at most {@code timeoutNanos} for one;
     * returns how many it moved: 0 when none came in that time or the queue ended ({@link #end()} tells which).
     *
     * @throws InterruptedException if the client's thread was interrupted
     */
    public int drainTo(List<SharedEvent> into, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (true) {
                if (end == End.SLOW || end == End.LEFT) {
                    return 0;
                }
                int moved = (backlog == null ? 0 : backlog.size()) + events.size();
                if (moved > 0) {
                    if (backlog != null) {
                        into.addAll(backlog);
                        backlog = null;
                    }
                    into.addAll(events);
                    if (events.size() > KEPT_SLOTS) {
                        events = new ArrayDeque<>();
                    } else {
                        events.clear();
                    }
                    queuedBytes = 0;
                    return moved;
                }
                if (end != null || left <= 0) {
                    return 0;
                }
                left = ready.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Why the queue ended, or null while it runs. */
    public End end() {
        lock.lock();
        try {
            return end;
        } finally {
            lock.unlock();
        }
    }

    /** Whether no event waits now (the client flushes when it has written all it had). */
    public boolean isEmpty() {
        lock.lock();
        try {
            return (backlog == null || backlog.isEmpty()) && events.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes waiting now (replayed events not counted). */
    public long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The client leaves its shared stream (idempotent); its thread, if waiting, wakes. */
    @Override
    public void close() {
        end(End.LEFT);
        SharedStream s = stream;
        if (s != null) {
            s.leave(this);
        }
    }

    void joined(SharedStream s, List<SharedEvent> replayed) {
        this.stream = s;
        lock.lock();
        try {
            if (!replayed.isEmpty()) {
                backlog = new ArrayDeque<>(replayed);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds an event (the reader's thread); false when this made the client slow, or it had ended already. */
    boolean offer(SharedEvent event) {
        return offer(List.of(event));
    }

    /**
     * Adds events in order, waking the client's thread once (the reader's thread); false when they made the client
     * slow, or it had ended already.
     */
    boolean offer(List<SharedEvent> batch) {
        boolean slow = false;
        lock.lock();
        try {
            if (end != null) {
                return false;
            }
            for (int i = 0; i < batch.size() && !slow; i++) {
                SharedEvent event = batch.get(i);
                slow = queuedBytes + event.size() > maxQueue && !events.isEmpty();
                if (slow) {
                    end = End.SLOW;
                    events = new ArrayDeque<>();
                    backlog = null;
                    queuedBytes = 0;
                } else {
                    events.addLast(event);
                    queuedBytes += event.size();
                }
            }
            ready.signal();
        } finally {
            lock.unlock();
        }
        if (slow) {
            onSlow.run();
        }
        return !slow;
    }

    /** Ends the queue (the events queued still go out for an upstream end); the first reason stays. */
    void end(End why) {
        lock.lock();
        try {
            if (end == null) {
                end = why;
            }
            ready.signal();
        } finally {
            lock.unlock();
        }
    }
}
