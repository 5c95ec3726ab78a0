package io.ssegateway.gateway.route;

import io.ssegateway.spi.Plugin;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One plugin instance of a route, with the names the log gives it when it is closed.
 *
 * @param kind   its kind as users read it: {@code auth}, {@code balancer}, {@code transform} or {@code monitor}
 * @param name   its plugin name, the {@code type} the route gives
 * @param plugin the instance
 */
public record PluginInstance(String kind, String name, Plugin plugin) {
    private static final Logger LOGGER = Logger.getLogger(PluginInstance.class.getName());

    /**
     * Closes every plugin instance of these routes once (an instance two routes share is closed once), each with its
     * own classloader as the thread's context classloader. A close that throws is logged with the plugin's name and
     * route, and the rest are closed all the same.
     *
     * @param pluginsByRoute the routes' plugins by route id
     */
    public static void closeAll(Map<String, RoutePlugins> pluginsByRoute) {
        Set<Plugin> closed = Collections.newSetFromMap(new IdentityHashMap<>());
        pluginsByRoute.forEach((routeId, plugins) -> {
            for (PluginInstance instance : plugins.instances()) {
                if (closed.add(instance.plugin())) {
                    instance.close(routeId);
                }
            }
        });
    }

    private void close(String routeId) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(plugin.getClass().getClassLoader());
        try {
            plugin.close();
        } catch (Exception | LinkageError e) {
            LOGGER.log(Level.WARNING, "route " + routeId + ": " + kind + " plugin '" + name
                    + "' failed to close; the other plugins are closed all the same", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
