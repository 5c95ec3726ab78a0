package io.ssegateway.gateway.share;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Hands the reader's events to every client on a virtual thread of its own, so reading the upstream never waits for
 * the fan-out: while one fan-out runs (thousands of clients take a while), the events the reader makes meanwhile
 * wait here and go out together in the next one, each client woken once for all of them. A shared stream that falls
 * behind thus catches up in larger batches instead of falling further behind. Events keep their order.
 */
final class Publisher implements Consumer<List<SharedEvent>>, Runnable {
    private final Consumer<List<SharedEvent>> fanout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private List<SharedEvent> pending = new ArrayList<>();
    private boolean busy;
    private boolean stopped;

    Publisher(Consumer<List<SharedEvent>> fanout) {
        this.fanout = fanout;
    }

    /** Queues events for the next fan-out (the reader's thread); never waits for one. */
    @Override
    public void accept(List<SharedEvent> events) {
        lock.lock();
        try {
            pending.addAll(events);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fans out what waits, all of it at once, until stopped and nothing waits. */
    @Override
    public void run() {
        while (true) {
            List<SharedEvent> batch;
            lock.lock();
            try {
                while (pending.isEmpty() && !stopped) {
                    changed.awaitUninterruptibly();
                }
                if (pending.isEmpty()) {
                    return;
                }
                batch = pending;
                pending = new ArrayList<>();
                busy = true;
            } finally {
                lock.unlock();
            }
            try {
                fanout.accept(batch);
            } finally {
                lock.lock();
                try {
                    busy = false;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Waits until every event queued so far was handed to the clients (before their stream ends, so none is lost).
     *
     * @throws InterruptedException if the reader was interrupted (its stream is closing)
     */
    void awaitIdle() throws InterruptedException {
        lock.lock();
        try {
            while ((busy || !pending.isEmpty()) && !stopped) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the fan-out thread once what waits was handed out. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
