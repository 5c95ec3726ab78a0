package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.plugin.PluginCatalog;
import io.ssegateway.gateway.route.RoutePlugins;

import java.util.Map;

/**
 * What the gateway started from, when it can reload: where its config comes from, the plugins it loaded and each
 * route's plugin instances.
 *
 * @param source  the config file, home and environment
 * @param catalog the plugins found at start
 * @param plugins each route's plugin instances by route id
 */
public record LoadedConfig(ConfigSource source, PluginCatalog catalog, Map<String, RoutePlugins> plugins) {
    /** Copies the map. */
    public LoadedConfig {
        plugins = Map.copyOf(plugins);
    }
}
