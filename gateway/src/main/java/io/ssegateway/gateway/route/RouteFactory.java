package io.ssegateway.gateway.route;

import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.monitor.StreamMonitor;

import io.ssegateway.gateway.resilience.HealthChecker;
import io.ssegateway.gateway.resilience.UpstreamHealth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Turns validated route settings and their plugin instances into runtime routes. */
public final class RouteFactory {
    private final Map<String, RoutePlugins> pluginsByRoute;
    private final List<HealthChecker> checkers = new CopyOnWriteArrayList<>();
    private final Map<String, HealthChecker> checkerByRoute = new ConcurrentHashMap<>();
    private final AtomicBoolean pluginsClosed = new AtomicBoolean();

    /** A factory over plugin instances keyed by route id; a route without an entry gets {@link RoutePlugins#none()}. */
    public RouteFactory(Map<String, RoutePlugins> pluginsByRoute) {
        this.pluginsByRoute = Map.copyOf(pluginsByRoute);
    }

    /** The runtime route with the gateway's own monitor (its stats) called before the route's monitor plugins. */
    public Route create(RouteSettings settings, StreamMonitor gatewayMonitor) {
        RoutePlugins plugins = plugins(settings);
        UpstreamHealth health = new UpstreamHealth(settings.id(), settings.upstreams(),
                                                   settings.resilience().passiveHealth());
        settings.resilience().healthCheck().ifPresent(check -> {
            HealthChecker checker = HealthChecker.start(settings.id(), settings.upstreams(),
                    UpstreamTls.apply(WebClient.builder(), settings.upstreams()), check, health);
            checkers.add(checker);
            checkerByRoute.put(settings.id(), checker);
        });
        return new Route(settings, client(settings), plugins.auth(), plugins.balancer(), plugins.transforms(),
                         plugins.monitors().withFirst(gatewayMonitor, "gateway-stats"), health);
    }

    /**
     * The auth plugin publishers of a channel pass, found under {@code "<channel id>/publish"}; empty when the
     * channel says {@code publish.auth = none}.
     */
    public Optional<Authenticator> publishAuth(String channelId) {
        RoutePlugins publish = pluginsByRoute.get(channelId + "/publish");
        return publish == null ? Optional.empty() : publish.auth();
    }

    /** The broker plugin, found under {@code "/broker"}; empty when the channels use the built-in memory broker. */
    public Optional<Broker> broker() {
        RoutePlugins broker = pluginsByRoute.get("/broker");
        return broker == null ? Optional.empty() : broker.instances().stream()
                .map(PluginInstance::plugin).filter(Broker.class::isInstance).map(Broker.class::cast).findFirst();
    }

    /** The route's plugins for the startup log, e.g. {@code ", plugins: auth=bearer, balancer=least-streams"}. */
    public String describePlugins(RouteSettings settings) {
        String description = plugins(settings).description();
        return description.isEmpty() ? "" : ", plugins: " + description;
    }

    /**
     * Closes the plugin instances this factory was given, each once, waiting for them at most {@code limit}; later
     * calls do nothing. The gateway calls it when it stops, after its streams drained and its listener stopped, and
     * when it fails to start.
     */
    public void closePlugins(Duration limit) {
        if (pluginsClosed.compareAndSet(false, true)) {
            PluginInstance.closeAll(pluginsByRoute, limit);
        }
    }

    /**
     * The channels' publish plugins this factory was given (the entries under {@code "<channel id>/publish"}):
     * channels are made once at the start and live until the stop, so whoever stops the gateway closes these.
     */
    public Map<String, RoutePlugins> channelPlugins() {
        Map<String, RoutePlugins> publish = new LinkedHashMap<>();
        pluginsByRoute.forEach((key, plugins) -> {
            if (key.endsWith("/publish")) {
                publish.put(key, plugins);
            }
        });
        return publish;
    }

    /** Stops the active health checks of the routes this factory made. */
    public void stopHealthChecks() {
        checkers.forEach(HealthChecker::close);
    }

    /** Stops the active health checks of the route of this id this factory made (a reload replaced it). */
    public void stopHealthChecks(String routeId) {
        HealthChecker checker = checkerByRoute.remove(routeId);
        if (checker != null) {
            checker.close();
            checkers.remove(checker);
        }
    }

    private RoutePlugins plugins(RouteSettings settings) {
        return pluginsByRoute.getOrDefault(settings.id(), RoutePlugins.none());
    }

    /**
     * A client whose only timeout is connect: the first-byte timeout is the supervisor's, and a healthy quiet stream
     * is never cut by a read timeout (WebClient's default 30 s read timeout would). No proxy: WebClient's default, the
     * JVM's proxy selector, looked up the upstream's host name by its address (a reverse DNS query) for every stream.
     * No write buffer: it only ever held the request head, and took 4 KiB per open stream. TCP_NODELAY (Helidon's
     * default is off), so each piece of a streamed request body goes out when written. No TLS unless an upstream
     * is https ({@link UpstreamTls}).
     */
    static WebClient client(RouteSettings settings) {
        return UpstreamTls.apply(WebClient.builder(), settings.upstreams())
                .proxy(Proxy.noProxy())
                .writeBufferSize(0)
                .connectTimeout(settings.timeouts().connect())
                .readTimeout(Duration.ZERO)
                .socketOptions(options -> options.tcpNoDelay(true)) // a streamed request body is not held back
                .followRedirects(false)
                .sendExpectContinue(false)
                .build();
    }
}
