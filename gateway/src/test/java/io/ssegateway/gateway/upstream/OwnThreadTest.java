package io.ssegateway.gateway.upstream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class OwnThreadTest {
    @Test
    void runsTheTaskOnANewNamedVirtualThreadAndReturnsItsResult() {
        Thread caller = Thread.currentThread();
        Thread ran = OwnThread.call("own-test", Thread::currentThread);
        assertNotSame(caller, ran);
        assertTrue(ran.isVirtual());
        assertEquals("own-test", ran.getName());
    }

    @Test
    void throwsWhatTheTaskThrows() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> OwnThread.call("own-test", () -> {
            throw boom;
        })));
        assertThrows(AssertionError.class, () -> OwnThread.call("own-test", () -> {
            throw new AssertionError("an error too");
        }));
    }

    @Test
    void passesAnInterruptOfTheWaitingThreadOnAndKeepsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean taskInterrupted = new AtomicBoolean();
        AtomicBoolean callerStillInterrupted = new AtomicBoolean();
        AtomicReference<String> result = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            result.set(OwnThread.call("own-test", () -> {
                started.countDown();
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(30));
                    return "slept";
                } catch (InterruptedException e) {
                    taskInterrupted.set(true);
                    return "interrupted";
                }
            }));
            callerStillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join();
        assertTrue(taskInterrupted.get());
        assertEquals("interrupted", result.get());
        assertTrue(callerStillInterrupted.get());
    }
}
