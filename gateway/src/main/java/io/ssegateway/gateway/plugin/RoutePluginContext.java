package io.ssegateway.gateway.plugin;

import io.ssegateway.spi.GatewayMetrics;
import io.ssegateway.spi.PluginContext;

/**
 * What a plugin instance of one route is given besides its config.
 *
 * @param routeId the route's id
 * @param metrics the gateway's metrics registry
 */
record RoutePluginContext(String routeId, GatewayMetrics metrics) implements PluginContext {
}
