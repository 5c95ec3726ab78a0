package io.ssegateway.distribution;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting for a condition: polls it until it holds, and fails with a message when the deadline passes first. */
final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Something to poll; it may fail the test itself (a process that exited, say) by throwing. */
    @FunctionalInterface
    interface Condition {
        /** True once what is awaited has happened. */
        boolean met() throws IOException;
    }

    /** The failure's message, made when the deadline passed (it may say what the state is by then). */
    @FunctionalInterface
    interface Message {
        /** What did not happen in time. */
        String text() throws IOException;
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code message} after {@code limit}. */
    static void until(Duration limit, Condition condition, Message message) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message.text() + " (waited " + limit + ")");
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }
}
