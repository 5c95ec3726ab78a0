package io.ssegateway.spi;

/**
 * What the gateway offers a plugin instance beyond its config: which route it serves and the gateway's metrics.
 * Passed to {@link PluginFactory#create(PluginConfig, PluginContext)}.
 */
public interface PluginContext {
    /** The id of the route the plugin instance is created for. */
    String routeId();

    /** The gateway's metrics registry, published in Prometheus form on the admin port's {@code /observe/metrics}. */
    GatewayMetrics metrics();
}
