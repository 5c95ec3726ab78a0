package io.ssegateway.gateway.config;

import java.time.Duration;

/**
 * Limits on open streams (not requests). Zero means no limit.
 *
 * @param maxStreams  open streams in the whole gateway (over it: 503)
 * @param perRoute    open streams on any one route (over it: 429)
 * @param perClient   open streams of one client, its authenticated identity or else its IP (over it: 429)
 * @param retryAfter  the {@code Retry-After} sent with 429 and 503
 */
public record LimitsSettings(int maxStreams, int perRoute, int perClient, Duration retryAfter) {
}
