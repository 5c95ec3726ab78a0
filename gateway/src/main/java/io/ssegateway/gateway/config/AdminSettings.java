package io.ssegateway.gateway.config;

/**
 * The admin listener: health, metrics and the dashboard.
 *
 * @param enabled whether it runs
 * @param host    bind address (loopback by default: the admin port has no auth)
 * @param port    port (0 picks a free one)
 */
public record AdminSettings(boolean enabled, String host, int port) {
}
