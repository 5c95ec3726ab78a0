package io.ssegateway.gateway.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition: polls it until it holds, and fails with a message when the deadline passes first. */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Polls {@code condition} every 10 ms until it holds; fails saying {@code what} did not happen after {@code limit}. */
    public static void until(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
        until(limit, condition, () -> what);
    }

    /**
     * Polls {@code condition} every 10 ms until it holds; after {@code limit} fails with the message {@code what}
     * makes then (it may tell the state by then).
     */
    public static void until(Duration limit, BooleanSupplier condition, Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what.get() + " (waited " + limit + ")");
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }
}
