package io.ssegateway.gateway.config;

import io.ssegateway.spi.PluginConfig;

/**
 * A plugin a route names: its {@code type} and its own config node (the node minus {@code type}).
 *
 * @param type   the plugin name
 * @param config the plugin's config view, carrying its HOCON path
 */
public record PluginRef(String type, PluginConfig config) {
}
