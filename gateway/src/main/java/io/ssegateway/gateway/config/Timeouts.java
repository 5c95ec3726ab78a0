package io.ssegateway.gateway.config;

import java.time.Duration;

/**
 * A route's timeouts.
 *
 * @param connect    TCP connect to an upstream
 * @param firstByte  from sending the request to the upstream's response headers
 * @param writeStall how long a client may read nothing before it is disconnected
 */
public record Timeouts(Duration connect, Duration firstByte, Duration writeStall) {
}
