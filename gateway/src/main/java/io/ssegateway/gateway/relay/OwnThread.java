package io.ssegateway.gateway.relay;

import java.util.function.Supplier;

/**
 * Runs a task on a new virtual thread of its own while the calling thread waits for it. Used to keep a stream's
 * parked stack small: a virtual thread's bottom stack chunk keeps the size of the deepest wait it was frozen at,
 * so a long-lived thread should not wait deep (see README "Performance", where a quiet stream's memory goes).
 */
final class OwnThread {
    private OwnThread() {
    }

    /**
     * Returns what {@code task} returns, run on a new virtual thread named {@code name}; what it throws is thrown
     * here. An interrupt of the waiting thread is passed on to the task's thread, and kept.
     */
    static <T> T call(String name, Supplier<T> task) {
        Object[] result = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread thread = Thread.ofVirtual().name(name).start(() -> {
            try {
                result[0] = task.get();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                thread.interrupt(); // as it would have been on this thread
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (thrown[0] instanceof RuntimeException e) {
            throw e;
        }
        if (thrown[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    /** {@link #call} for a task with no result. */
    static void run(String name, Runnable task) {
        call(name, () -> {
            task.run();
            return null;
        });
    }
}
