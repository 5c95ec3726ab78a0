package io.ssegateway.gateway.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter, capped: attempt n waits a random time in [d/2, d], d = min(max, initial * 2^n). */
public final class Backoff {
    private Backoff() {
    }

    /** The wait before reconnect attempt {@code attempt} (0 for the first). */
    public static Duration delay(Duration initial, Duration max, int attempt) {
        long base = initial.toMillis() << Math.min(attempt, 20);
        long capped = Math.min(max.toMillis(), base <= 0 ? max.toMillis() : base);
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }
}
