package io.ssegateway.gateway.config;

import java.time.Duration;

/**
 * The public listener.
 *
 * @param host            bind address
 * @param port            port (0 picks a free one)
 * @param shutdownTimeout how long SIGTERM waits for open streams to close
 * @param edge            TLS, HTTP/2, security headers and request-head limits
 */
public record ServerSettings(String host, int port, Duration shutdownTimeout, EdgeSettings edge) {
    /** A cleartext listener with the default edge settings. */
    public ServerSettings(String host, int port, Duration shutdownTimeout) {
        this(host, port, shutdownTimeout, EdgeSettings.DEFAULT);
    }
}
