package io.ssegateway.gateway.edge;

import io.ssegateway.gateway.Gateway;

import java.time.Duration;

/** Waits on a running gateway's state. */
final class TestGateways {
    private TestGateways() {
    }

    /** Waits until the gateway has no open stream; fails after the time. */
    static void awaitNoStreams(Gateway gateway, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (gateway.openStreams() != 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError(gateway.openStreams() + " streams still open after " + within);
            }
            Thread.onSpinWait();
            Thread.sleep(10);
        }
    }
}
