package io.ssegateway.gateway.upstream;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs a task on a new virtual thread of its own while the calling thread waits for it. Used to keep a stream's
 * parked stack small: a virtual thread's bottom stack chunk keeps the size of the deepest wait it was frozen at,
 * so a long-lived thread should not wait deep (see docs/performance.md, where a quiet stream's memory goes).
 */
final class OwnThread {
    private OwnThread() {
    }

    /**
     * Returns what {@code task} returns, run on a new virtual thread named {@code name}; what it throws is thrown
     * here. An interrupt of the waiting thread is passed on to the task's thread, and kept.
     */
    static <T> T call(String name, Supplier<T> task) {
        Thread waiter = Thread.currentThread();
        Outcome<T> outcome = new Outcome<>();
        Thread thread = Thread.ofVirtual().name(name).start(() -> {
            try {
                outcome.value = task.get();
            } catch (Throwable t) {
                outcome.thrown = t;
            }
            outcome.done = true;
            LockSupport.unpark(waiter);
        });
        // LockSupport.park, not Thread.join (five frames less, AbstractQueuedSynchronizer's among them): a stream's
        // thread keeps the bottom stack chunk of this wait for its whole life, 435 words instead of 512
        boolean interrupted = false;
        while (!outcome.done) {
            LockSupport.park(outcome);
            if (Thread.interrupted()) {
                interrupted = true;
                thread.interrupt(); // as it would have been on this thread
            }
        }
        if (interrupted) {
            waiter.interrupt();
        }
        if (outcome.thrown instanceof RuntimeException e) {
            throw e;
        }
        if (outcome.thrown instanceof Error e) {
            throw e;
        }
        return outcome.value;
    }

    /** What the task returned or threw; {@code done} is written last. */
    private static final class Outcome<T> {
        T value;
        Throwable thrown;
        volatile boolean done;
    }
}
