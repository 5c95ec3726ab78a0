package io.ssegateway.gateway.route;

import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.ssegateway.gateway.config.RouteSettings;

import java.time.Duration;
import java.util.Map;

/** Turns validated route settings and their plugin instances into runtime routes. */
public final class RouteFactory {
    private final Map<String, RoutePlugins> pluginsByRoute;

    /** A factory over plugin instances keyed by route id; a route without an entry gets {@link RoutePlugins#none()}. */
    public RouteFactory(Map<String, RoutePlugins> pluginsByRoute) {
        this.pluginsByRoute = Map.copyOf(pluginsByRoute);
    }

    /** The runtime route. */
    public Route create(RouteSettings settings) {
        RoutePlugins plugins = plugins(settings);
        return new Route(settings, client(settings), plugins.auth(), plugins.balancer(), plugins.transforms(),
                         plugins.monitors());
    }

    /** The route's plugins for the startup log, e.g. {@code ", plugins: auth=bearer, balancer=least-streams"}. */
    public String describePlugins(RouteSettings settings) {
        String description = plugins(settings).description();
        return description.isEmpty() ? "" : ", plugins: " + description;
    }

    private RoutePlugins plugins(RouteSettings settings) {
        return pluginsByRoute.getOrDefault(settings.id(), RoutePlugins.none());
    }

    /**
     * A client whose only timeout is connect: the first-byte timeout is the supervisor's, and a healthy quiet stream
     * is never cut by a read timeout (WebClient's default 30 s read timeout would). No proxy: WebClient's default, the
     * JVM's proxy selector, looked up the upstream's host name by its address (a reverse DNS query) for every stream.
     * No write buffer: it only ever held the request head, and took 4 KiB per open stream.
     */
    private static WebClient client(RouteSettings settings) {
        return WebClient.builder()
                .proxy(Proxy.noProxy())
                .writeBufferSize(0)
                .connectTimeout(settings.timeouts().connect())
                .readTimeout(Duration.ZERO)
                .followRedirects(false)
                .sendExpectContinue(false)
                .build();
    }
}
