package io.ssegateway.gateway.plugin;

import io.helidon.config.Config;
import io.ssegateway.gateway.config.BrokerSettings;
import io.ssegateway.gateway.config.ChannelSettings;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.config.PluginConfigView;
import io.ssegateway.gateway.config.PluginRef;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.PluginInstance;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.spi.GatewayMetrics;
import io.ssegateway.spi.Plugin;
import io.ssegateway.spi.PluginConfigException;
import io.ssegateway.spi.PluginContext;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.monitor.StreamMonitor;
import io.ssegateway.spi.transform.EventTransform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * Builds every route's plugin instances from the catalog, validating each plugin's config through its factory;
 * collects every problem (unknown names, bad values, unknown keys) before anything starts, and then closes the
 * instances it did make.
 */
public final class RoutePluginsBuilder {
    /** The balancer a route gets when it names none. */
    public static final String DEFAULT_BALANCER = "least-streams";
    /** The key of the broker plugin's instance in the map {@link #build} returns (not a route id: ids have no '/'). */
    public static final String BROKER_KEY = "/broker";

    private final PluginCatalog catalog;
    private final GatewaySettings settings;
    private final GatewayMetrics metrics;
    private final List<String> problems = new ArrayList<>();

    private RoutePluginsBuilder(PluginCatalog catalog, GatewaySettings settings, GatewayMetrics metrics) {
        this.catalog = catalog;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * The plugins of every route by route id, or an exception listing every problem.
     *
     * @param catalog  the loaded plugins
     * @param settings the config naming each route's plugins
     * @param metrics  the registry plugins publish meters to (through their {@link PluginContext})
     * @return each route's plugin instances by route id
     * @throws PluginLoadException listing every problem
     */
    public static Map<String, RoutePlugins> build(PluginCatalog catalog, GatewaySettings settings,
                                                  GatewayMetrics metrics) throws PluginLoadException {
        return build(catalog, settings, metrics, route -> true, true);
    }

    /**
     * The plugins of the routes {@code which} accepts, by route id (a reload builds only the routes it changes), or
     * an exception listing every problem; problems name each route by its place in the config. Channels and the
     * broker are not reloaded: their plugins are made once, at the start.
     */
    public static Map<String, RoutePlugins> build(PluginCatalog catalog, GatewaySettings settings,
                                                  GatewayMetrics metrics, Predicate<RouteSettings> which)
            throws PluginLoadException {
        return build(catalog, settings, metrics, which, false);
    }

    private static Map<String, RoutePlugins> build(PluginCatalog catalog, GatewaySettings settings,
                                                   GatewayMetrics metrics, Predicate<RouteSettings> which,
                                                   boolean channelsAndBroker) throws PluginLoadException {
        RoutePluginsBuilder builder = new RoutePluginsBuilder(catalog, settings, metrics);
        Map<String, RoutePlugins> result = new LinkedHashMap<>();
        for (int i = 0; i < settings.routes().size(); i++) {
            RouteSettings route = settings.routes().get(i);
            if (which.test(route)) {
                result.put(route.id(), builder.route(route, "routes[" + i + "]"));
            }
        }
        for (int i = 0; channelsAndBroker && i < settings.channels().size(); i++) {
            ChannelSettings channel = settings.channels().get(i);
            // subscribers are served on the channel's route (its auth is subscribe.auth); publishers pass publish.auth
            result.put(channel.id(), builder.route(channel.asRoute(), "channels[" + i + "].subscribe"));
            result.put(publishKey(channel.id()), builder.publish(channel));
        }
        Optional<Broker> broker = channelsAndBroker ? builder.broker(settings.broker()) : Optional.empty();
        broker.ifPresent(b -> result.put(BROKER_KEY, new RoutePlugins(
                Optional.empty(), RoutePlugins.none().balancer(), List.of(), Monitors.none(), "broker", List.of(
                        new PluginInstance("broker", settings.broker().type(), b)))));
        if (!builder.problems.isEmpty()) {
            // the gateway will not start: release what the valid ones hold
            PluginInstance.closeAll(result, settings.server().shutdownTimeout());
            // a plugin in route-defaults is made for every route that inherits it: its problems are listed once
            throw new PluginLoadException(builder.problems.stream().distinct().toList());
        }
        return result;
    }

    private RoutePlugins route(RouteSettings route, String path) {
        PluginContext context = new RoutePluginContext(route.id(), metrics);
        StringJoiner description = new StringJoiner(", ");
        List<PluginInstance> instances = new ArrayList<>();
        Optional<Authenticator> auth = route.auth().map(ref -> {
            description.add("auth=" + ref.type());
            return create(context, PluginKind.AUTH, ref, path + ".auth", Authenticator.class, instances);
        });
        Balancer balancer;
        if (route.balancer().isPresent()) {
            PluginRef ref = route.balancer().get();
            description.add("balancer=" + ref.type());
            balancer = create(context, PluginKind.BALANCER, ref, path + ".balancer", Balancer.class, instances);
        } else if (catalog.find(PluginKind.BALANCER, DEFAULT_BALANCER).isPresent()) {
            description.add("balancer=" + DEFAULT_BALANCER);
            PluginRef ref = new PluginRef(DEFAULT_BALANCER,
                                          PluginConfigView.of(Config.empty(), path + ".balancer", settings.home()));
            balancer = create(context, PluginKind.BALANCER, ref, path + ".balancer", Balancer.class, instances);
        } else {
            balancer = RoutePlugins.none().balancer();
        }
        List<EventTransform> transforms = new ArrayList<>();
        for (int i = 0; i < route.transforms().size(); i++) {
            PluginRef ref = route.transforms().get(i);
            description.add("transform=" + ref.type());
            EventTransform transform = create(context, PluginKind.TRANSFORM, ref, path + ".transforms[" + i + "]",
                                              EventTransform.class, instances);
            if (transform != null) { // else a problem was noted, reported with the others
                transforms.add(transform);
            }
        }
        List<StreamMonitor> monitors = new ArrayList<>();
        List<String> monitorNames = new ArrayList<>();
        for (int i = 0; i < route.monitors().size(); i++) {
            PluginRef ref = route.monitors().get(i);
            description.add("monitor=" + ref.type());
            StreamMonitor monitor = create(context, PluginKind.MONITOR, ref, path + ".monitors[" + i + "]",
                                           StreamMonitor.class, instances);
            if (monitor != null) {
                monitors.add(monitor);
                monitorNames.add(ref.type());
            }
        }
        return new RoutePlugins(auth, balancer == null ? RoutePlugins.none().balancer() : balancer,
                                transforms, new Monitors(monitors, monitorNames), description.toString(), instances);
    }

    /** The key of a channel's publish auth in the map {@link #build} returns (not a route id: ids have no '/'). */
    public static String publishKey(String channelId) {
        return channelId + "/publish";
    }

    /** A channel's publish plugins: only its publish auth (none when {@code publish.auth = none}). */
    private RoutePlugins publish(ChannelSettings channel) {
        PluginContext context = new RoutePluginContext(channel.id(), metrics);
        List<PluginInstance> instances = new ArrayList<>();
        Optional<Authenticator> auth = channel.publishAuth().map(ref -> create(
                context, PluginKind.AUTH, ref, "channels.publish.auth", Authenticator.class, instances));
        return new RoutePlugins(auth, RoutePlugins.none().balancer(), List.of(),
                                Monitors.none(), auth.isPresent() ? "publish auth" : "", instances);
    }

    /** The broker plugin the config names, if it names one (the memory broker is built in). */
    private Optional<Broker> broker(BrokerSettings broker) {
        if (broker.plugin().isEmpty()) {
            return Optional.empty();
        }
        PluginContext context = new RoutePluginContext("broker", metrics);
        return Optional.ofNullable(create(context, PluginKind.BROKER, broker.plugin().get(), "broker", Broker.class,
                                          new ArrayList<>()));
    }

    /** Makes a plugin instance and adds it to {@code made}, or notes the problem and returns null. */
    private <T extends Plugin> T create(PluginContext context, PluginKind kind, PluginRef ref, String routePath,
                                        Class<T> type, List<PluginInstance> made) {
        // a plugin a route inherits from route-defaults carries the path where it is written
        String path = ref.config() instanceof PluginConfigView view ? view.path() : routePath;
        Optional<LoadedPlugin> plugin = catalog.find(kind, ref.type());
        if (plugin.isEmpty()) {
            problems.add(path + ".type: unknown " + kind.label() + " plugin (got: " + ref.type() + "); available: "
                         + catalog.names(kind));
            return null;
        }
        try {
            T created = type.cast(plugin.get().create(ref.config(), context));
            if (created != null) {
                made.add(new PluginInstance(kind.label(), ref.type(), created));
            }
            if (ref.config() instanceof PluginConfigView view) {
                problems.addAll(view.unreadKeyProblems());
            }
            return created;
        } catch (PluginConfigException e) {
            problems.add(e.getMessage());
            // a misspelled key is what often leaves a required one missing: report the keys not read too
            if (ref.config() instanceof PluginConfigView view) {
                problems.addAll(view.unreadKeyProblemsAfter(e.path()));
            }
        } catch (RuntimeException | LinkageError e) {
            problems.add(path + ": plugin '" + ref.type() + "' from " + plugin.get().source() + " failed to start: "
                         + e);
        }
        return null;
    }
}
