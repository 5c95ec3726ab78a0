package io.ssegateway.gateway.route;

import io.ssegateway.spi.Plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
     * Closes every plugin instance of these routes once (an instance two routes share is closed once), each on a
     * virtual thread of its own with its own classloader as the thread's context classloader, and waits for them at
     * most {@code limit}. A close that throws is logged with the plugin's name and route; one still running after
     * the limit is logged too and left behind; either way the others are closed all the same.
     *
     * @param pluginsByRoute the routes' plugins by route id
     * @param limit          how long to wait for all of them
     */
    public static void closeAll(Map<String, RoutePlugins> pluginsByRoute, Duration limit) {
        Set<Plugin> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Thread> closing = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        pluginsByRoute.forEach((routeId, plugins) -> {
            for (PluginInstance instance : plugins.instances()) {
                if (seen.add(instance.plugin())) {
                    String label = "route " + routeId + ": " + instance.kind() + " plugin '" + instance.name() + "'";
                    closing.add(Thread.ofVirtual().name("close " + label).start(() -> instance.close(label)));
                    labels.add(label);
                }
            }
        });
        long end = System.nanoTime() + limit.toNanos();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < closing.size(); i++) {
            try {
                long left = Math.max(0, end - System.nanoTime());
                if (!closing.get(i).join(Duration.ofNanos(left))) {
                    late.add(labels.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                late.add(labels.get(i));
            }
        }
        if (!late.isEmpty()) {
            LOGGER.warning(() -> "plugins still closing after " + TimeUnit.NANOSECONDS.toMillis(limit.toNanos())
                    + " ms, left behind: " + String.join("; ", late));
        }
    }

    private void close(String label) {
        Thread.currentThread().setContextClassLoader(plugin.getClass().getClassLoader());
        try {
            plugin.close();
        } catch (Exception | LinkageError e) {
            LOGGER.log(Level.WARNING, label + " failed to close; the other plugins are closed all the same", e);
        }
    }
}
