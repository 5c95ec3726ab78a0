package io.ssegateway.gateway.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How a route survives upstream failures.
 *
 * @param retries       further upstreams tried before the response starts (connect failure, refusal, 5xx, first-byte
 *                      timeout)
 * @param resume        reconnecting mid-stream with {@code Last-Event-ID}
 * @param passiveHealth ejecting upstreams that fail
 * @param healthCheck   active health checks, if configured
 */
public record ResilienceSettings(int retries, Resume resume, PassiveHealth passiveHealth,
                                 Optional<HealthCheck> healthCheck) {
    /**
     * The defaults: 2 retries, resume of broken streams on (5 attempts, 250 ms..5 s; a stream the upstream ended is
     * not resumed), eject after 3 failures in 10 s for 10 s.
     */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(2, new Resume(true, 5, Duration.ofMillis(250), Duration.ofSeconds(5)),
                                      new PassiveHealth(3, Duration.ofSeconds(10), Duration.ofSeconds(10)),
                                      Optional.empty());
    }

    /**
     * Mid-stream resume.
     *
     * @param enabled        whether an upstream stream that breaks (reset, read error, body cut short) is resumed
     *                       while the client is there
     * @param maxAttempts    reconnect attempts in a row before the client's stream is closed; a resumed upstream
     *                       that ends or breaks before it relays an event with a new id counts as one
     * @param backoffInitial the first wait when the upstream gave no {@code retry:}; doubled each attempt, with jitter
     * @param backoffMax     the cap on the wait
     * @param onEnd          whether a stream the upstream ended cleanly (its response complete) is resumed too; off,
     *                       such an end ends the client's response
     */
    public record Resume(boolean enabled, int maxAttempts, Duration backoffInitial, Duration backoffMax,
                         boolean onEnd) {
        /** Resume of broken streams only ({@code on-end} off). */
        public Resume(boolean enabled, int maxAttempts, Duration backoffInitial, Duration backoffMax) {
            this(enabled, maxAttempts, backoffInitial, backoffMax, false);
        }
    }

    /**
     * Passive health.
     *
     * @param failures failures within {@code window} that eject an upstream
     * @param window   the window failures are counted in
     * @param cooldown how long an ejected upstream is left alone before one trial stream
     */
    public record PassiveHealth(int failures, Duration window, Duration cooldown) {
    }

    /**
     * Active health checks: {@code GET path} on every upstream each {@code interval}; a non-2xx answer or none within
     * {@code timeout} marks the upstream unusable until a check passes.
     *
     * @param path     the path checked
     * @param interval time between checks
     * @param timeout  how long a check may take
     */
    public record HealthCheck(String path, Duration interval, Duration timeout) {
    }
}
