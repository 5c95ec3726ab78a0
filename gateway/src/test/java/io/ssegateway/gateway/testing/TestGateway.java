package io.ssegateway.gateway.testing;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.AdminSettings;
import io.ssegateway.gateway.config.DemoUpstreamSettings;
import io.ssegateway.gateway.config.EdgeSettings;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.config.DrainSettings;
import io.ssegateway.gateway.config.LimitsSettings;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.config.ServerSettings;
import io.ssegateway.gateway.config.Timeouts;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.transform.EventTransform;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JUnit extension (register it on a static field: {@code @RegisterExtension static final TestGateway GATEWAYS = new
 * TestGateway();}) that starts real gateways on free loopback ports and closes them, with the origins and clients a
 * test hands it ({@link #closeAfter}), last opened first: what a test (its instance's constructor and fields
 * included) opened after that test, what a {@code @BeforeAll} opened after the class. The static methods make
 * test-friendly settings: routes, limits, resilience and plugins.
 */
public final class TestGateway implements TestInstancePreConstructCallback, AfterEachCallback, AfterAllCallback {
    private static final Duration HEAD_LIMIT = Duration.ofSeconds(15);
    private final List<AutoCloseable> forTheClass = new ArrayList<>();
    private final List<AutoCloseable> forTheTest = new ArrayList<>();
    private boolean inATest;

    /** Starts a gateway on these settings (its config) with these plugins by route id. */
    public Gateway start(GatewaySettings settings, Map<String, RoutePlugins> plugins) {
        return closeAfter(Gateway.start(settings, new RouteFactory(plugins)));
    }

    /** Starts a gateway with these routes and plugins by route id, its admin listener on a free loopback port. */
    public Gateway start(List<RouteSettings> routes, Map<String, RoutePlugins> plugins) {
        return start(EdgeSettings.DEFAULT, routes, plugins);
    }

    /** Starts a gateway whose listener has these edge settings (TLS, HTTP/2, headers, limits). */
    public Gateway start(EdgeSettings edge, List<RouteSettings> routes, Map<String, RoutePlugins> plugins) {
        return start(settings(edge, routes, noLimits(), new DrainSettings(Duration.ofSeconds(1))), plugins);
    }

    /** Starts a gateway whose admin port serves this metrics registry (the one its plugins were given). */
    public Gateway start(List<RouteSettings> routes, Map<String, RoutePlugins> plugins,
                         HelidonGatewayMetrics metrics) {
        return closeAfter(Gateway.start(settings(routes), new RouteFactory(plugins), metrics));
    }

    /** Starts a gateway with these routes and no plugins. */
    public Gateway start(RouteSettings... routes) {
        return start(List.of(routes), Map.of());
    }

    /**
     * Opens an event stream to {@code target} on the gateway with these header lines, closed after the test;
     * asserts that its head came within 15 s with status 200.
     */
    public EventStreamReader subscribe(Gateway gateway, String target, String... headers) throws IOException,
                                                                                                 InterruptedException {
        EventStreamReader reader = closeAfter(EventStreamReader.open(gateway.port(), target, headers).start());
        assertTrue(reader.awaitHead(HEAD_LIMIT), "no response head");
        assertEquals(200, reader.status());
        return reader;
    }

    /** Closes {@code resource} (an origin, a client) after the test, or after the class when opened outside a test. */
    public <T extends AutoCloseable> T closeAfter(T resource) {
        (inATest ? forTheTest : forTheClass).add(resource);
        return resource;
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factory, ExtensionContext context) {
        inATest = true; // what the test class's constructor and fields open is the test's too
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        inATest = false;
        stop(forTheTest);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop(forTheClass);
    }

    /** Closes them all, last opened first; the first failure is thrown once all were tried. */
    private static void stop(List<AutoCloseable> opened) throws Exception {
        Exception failure = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** {@code http://127.0.0.1:<the gateway's port><path>}. */
    public static URI uri(Gateway gateway, String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    /** A route with test-friendly defaults to these upstreams. */
    public static RouteSettings route(String id, String path, String... upstreams) {
        return new RouteSettings(id, path, Arrays.stream(upstreams).map(URI::create).toList(), false,
                                 Duration.ofSeconds(15), OnUpstreamError.RETRY,
                                 new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(60)),
                                 1024 * 1024, Optional.empty(), Optional.empty(), List.of(), List.of(),
                                 noResume(), Optional.empty());
    }

    /** A route with these timeouts, heartbeat and error mode. */
    public static RouteSettings route(String id, String path, Duration heartbeat, OnUpstreamError onError,
                                      Timeouts timeouts, String... upstreams) {
        return new RouteSettings(id, path, Arrays.stream(upstreams).map(URI::create).toList(), false, heartbeat,
                                 onError, timeouts, 1024 * 1024, Optional.empty(), Optional.empty(), List.of(),
                                 List.of(), noResume(), Optional.empty());
    }

    /** A copy of a route with other resilience settings. */
    public static RouteSettings withResilience(RouteSettings r, ResilienceSettings resilience) {
        return new RouteSettings(r.id(), r.path(), r.upstreams(), r.stripPrefix(), r.heartbeat(), r.onUpstreamError(),
                                 r.timeouts(), r.maxEventSize(), r.auth(), r.balancer(), r.transforms(), r.monitors(),
                                 resilience, r.cors());
    }

    /** Settings on a free loopback port with these routes, limits and drain window. */
    public static GatewaySettings settings(List<RouteSettings> routes, LimitsSettings limits, DrainSettings drain) {
        return settings(EdgeSettings.DEFAULT, routes, limits, drain);
    }

    /** Settings on a free loopback port with these edge settings, routes, limits and drain window. */
    public static GatewaySettings settings(EdgeSettings edge, List<RouteSettings> routes, LimitsSettings limits,
                                           DrainSettings drain) {
        return new GatewaySettings(Path.of("."), new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(5), edge),
                                   new DemoUpstreamSettings(false, 0), Path.of("plugins"), routes, limits, drain,
                                   new AdminSettings(true, "127.0.0.1", 0));
    }

    /** The default resilience settings but without mid-stream resume, so an origin's end ends the client's stream. */
    public static ResilienceSettings noResume() {
        ResilienceSettings d = ResilienceSettings.defaults();
        return new ResilienceSettings(d.retries(), new ResilienceSettings.Resume(false, 5, d.resume().backoffInitial(),
                                                                                d.resume().backoffMax()),
                                      d.passiveHealth(), d.healthCheck());
    }

    /** No limits. */
    public static LimitsSettings noLimits() {
        return new LimitsSettings(0, 0, 0, Duration.ofSeconds(5));
    }

    /** Test settings for these routes: loopback, free ports, no demo origin. */
    public static GatewaySettings settings(List<RouteSettings> routes) {
        return settings(EdgeSettings.DEFAULT, routes, noLimits(), new DrainSettings(Duration.ofSeconds(1)));
    }

    /** Plugins with only an auth plugin. */
    public static RoutePlugins auth(Authenticator authenticator) {
        RoutePlugins none = RoutePlugins.none();
        return new RoutePlugins(Optional.of(authenticator), none.balancer(), List.of(), none.monitors(), "auth");
    }

    /** Plugins with only transforms. */
    public static RoutePlugins transforms(EventTransform... transforms) {
        RoutePlugins none = RoutePlugins.none();
        return new RoutePlugins(Optional.empty(), none.balancer(), List.of(transforms), none.monitors(), "transforms");
    }
}
