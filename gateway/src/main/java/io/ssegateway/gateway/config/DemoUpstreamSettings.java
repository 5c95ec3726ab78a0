package io.ssegateway.gateway.config;

/**
 * The built-in demo SSE origin.
 *
 * @param enabled whether it runs
 * @param port    its port on 127.0.0.1
 */
public record DemoUpstreamSettings(boolean enabled, int port) {
}
