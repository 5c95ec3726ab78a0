package io.ssegateway.gateway.admin;

import io.ssegateway.gateway.observe.GatewayStats;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Once a second: takes the stats' per-second samples and makes one dashboard snapshot, which every open dashboard
 * then gets. One timer thread, however many dashboards are open.
 */
final class DashboardFeed implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(DashboardFeed.class.getName());
    private static final long PERIOD_MS = 1000;

    private final GatewayStats stats;
    private final Supplier<String> snapshot;
    private final ScheduledExecutorService timer;
    /** A lock, not synchronized: dashboards wait on virtual threads, which must not pin their carrier (JDK 21). */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Snapshot latest;
    private boolean closed;

    /** A snapshot and its sequence number (1, 2, 3, ...). */
    record Snapshot(long sequence, String json) {
    }

    private DashboardFeed(GatewayStats stats, Supplier<String> snapshot) {
        this.stats = stats;
        this.snapshot = snapshot;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-admin-dashboard");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the timer; the first snapshot is made at once. */
    static DashboardFeed start(GatewayStats stats, Supplier<String> snapshot) {
        DashboardFeed feed = new DashboardFeed(stats, snapshot);
        feed.tick();
        feed.timer.scheduleAtFixedRate(feed::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return feed;
    }

    /** Waits for a snapshot newer than sequence {@code seen}; null once the feed is closed. */
    Snapshot next(long seen) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && (latest == null || latest.sequence() <= seen)) {
                changed.await();
            }
            return closed ? null : latest;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the timer and releases every waiting dashboard. */
    @Override
    public void close() {
        timer.shutdownNow();
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void tick() {
        try {
            stats.sample(System.nanoTime());
            String json = snapshot.get();
            lock.lock();
            try {
                latest = new Snapshot(latest == null ? 1 : latest.sequence() + 1, json);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "dashboard snapshot failed; the next one is tried in a second", e);
        }
    }
}
