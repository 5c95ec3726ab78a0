package io.ssegateway.gateway.testing;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.AdminSettings;
import io.ssegateway.gateway.config.DemoUpstreamSettings;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.config.ServerSettings;
import io.ssegateway.gateway.config.Timeouts;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RoutePlugins;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starts a real gateway on a free loopback port for a test. */
public final class TestGateway {
    private TestGateway() {
    }

    /** A route with test-friendly defaults to these upstreams. */
    public static RouteSettings route(String id, String path, String... upstreams) {
        return new RouteSettings(id, path, Arrays.stream(upstreams).map(URI::create).toList(), false,
                                 Duration.ofSeconds(15), OnUpstreamError.RETRY,
                                 new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(60)),
                                 1024 * 1024, Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    /** A route with these timeouts, heartbeat and error mode. */
    public static RouteSettings route(String id, String path, Duration heartbeat, OnUpstreamError onError,
                                      Timeouts timeouts, String... upstreams) {
        return new RouteSettings(id, path, Arrays.stream(upstreams).map(URI::create).toList(), false, heartbeat,
                                 onError, timeouts, 1024 * 1024, Optional.empty(), Optional.empty(), List.of(),
                                 List.of());
    }

    /** Starts a gateway with these routes and plugins by route id, its admin listener on a free loopback port. */
    public static Gateway start(List<RouteSettings> routes, Map<String, RoutePlugins> plugins) {
        return Gateway.start(settings(routes), new RouteFactory(plugins));
    }

    /** Starts a gateway whose admin port serves this metrics registry (the one its plugins were given). */
    public static Gateway start(List<RouteSettings> routes, Map<String, RoutePlugins> plugins,
                                HelidonGatewayMetrics metrics) {
        return Gateway.start(settings(routes), new RouteFactory(plugins), metrics);
    }

    /** Test settings for these routes: loopback, free ports, no demo origin. */
    public static GatewaySettings settings(List<RouteSettings> routes) {
        return new GatewaySettings(Path.of("."), new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(5)),
                                   new DemoUpstreamSettings(false, 0), Path.of("plugins"), routes,
                                   new AdminSettings(true, "127.0.0.1", 0));
    }

    /** Starts a gateway with these routes and no plugins. */
    public static Gateway start(RouteSettings... routes) {
        return start(List.of(routes), Map.of());
    }
}
