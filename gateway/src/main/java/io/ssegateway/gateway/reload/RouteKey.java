package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.config.PluginConfigView;
import io.ssegateway.gateway.config.PluginRef;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.plugin.PluginCatalog;
import io.ssegateway.gateway.plugin.RoutePluginsBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a route is built from, comparable between two loads of the config: its settings without the plugin blocks,
 * and each plugin block as kind, type and its values' text. Two equal keys whose plugins come from the same jars
 * give the same route, which a reload then keeps as it is.
 *
 * @param settings the route's settings with no plugins
 * @param plugins  each plugin: kind, type and values
 */
record RouteKey(RouteSettings settings, List<String> plugins) {
    static RouteKey of(RouteSettings route) {
        RouteSettings bare = new RouteSettings(route.id(), route.path(), route.upstreams(), route.stripPrefix(),
                                               route.heartbeat(), route.onUpstreamError(), route.timeouts(),
                                               route.maxEventSize(), Optional.empty(), Optional.empty(), List.of(),
                                               List.of(), route.resilience(), route.cors(), route.share());
        List<String> plugins = new ArrayList<>();
        route.auth().ifPresent(ref -> plugins.add(describe("auth", ref)));
        route.balancer().ifPresent(ref -> plugins.add(describe("balancer", ref)));
        route.transforms().forEach(ref -> plugins.add(describe("transform", ref)));
        route.monitors().forEach(ref -> plugins.add(describe("monitor", ref)));
        return new RouteKey(bare, List.copyOf(plugins));
    }

    /**
     * Whether every plugin the route names (and the default balancer when it names none) comes from the same
     * classloader in both catalogs, or is missing from both.
     */
    static boolean sameSources(RouteSettings route, PluginCatalog now, PluginCatalog before) {
        List<String[]> named = new ArrayList<>();
        route.auth().ifPresent(ref -> named.add(new String[] {"auth", ref.type()}));
        named.add(new String[] {"balancer", route.balancer().map(PluginRef::type)
                .orElse(RoutePluginsBuilder.DEFAULT_BALANCER)});
        route.transforms().forEach(ref -> named.add(new String[] {"transform", ref.type()}));
        route.monitors().forEach(ref -> named.add(new String[] {"monitor", ref.type()}));
        for (String[] plugin : named) {
            boolean same = now.sameSource(before, plugin[0], plugin[1])
                    || !now.has(plugin[0], plugin[1]) && !before.has(plugin[0], plugin[1]);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static String describe(String kind, PluginRef ref) {
        String values = ref.config() instanceof PluginConfigView view ? view.contentText()
                : "instance " + System.identityHashCode(ref.config()); // not from a config file: never equal
        return kind + " " + ref.type() + "\n" + values;
    }
}
