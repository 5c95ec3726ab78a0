package io.ssegateway.gateway.config;

import java.time.Duration;

/**
 * Graceful drain on SIGTERM.
 *
 * @param window open streams are closed spread with jitter over this window, each after a {@code retry:} line
 */
public record DrainSettings(Duration window) {
}
