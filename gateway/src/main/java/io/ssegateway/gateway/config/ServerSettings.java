package io.ssegateway.gateway.config;

import java.time.Duration;

/**
 * The public listener.
 *
 * @param host            bind address
 * @param port            port (0 picks a free one)
 * @param shutdownTimeout how long SIGTERM waits for open streams to close
 */
public record ServerSettings(String host, int port, Duration shutdownTimeout) {
}
