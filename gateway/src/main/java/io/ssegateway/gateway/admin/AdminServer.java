package io.ssegateway.gateway.admin;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.ssegateway.gateway.config.AdminSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.observe.GatewayHealth;
import io.ssegateway.gateway.observe.GatewayStats;
import io.ssegateway.gateway.observe.ReloadState;
import io.ssegateway.gateway.route.Monitors;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The admin listener, apart from the public one: {@code /observe/health} with {@code /live}, {@code /ready} and
 * {@code /started} (GET and HEAD, see {@link HealthEndpoint}), {@code /observe/metrics} (Prometheus
 * text from the gateway's registry), the dashboard at {@code /} and its feed at {@code /admin/stream}, and
 * {@code POST /admin/reload}. It has no
 * auth: it binds to loopback unless configured otherwise. HTTP/1.0 requests (health checkers such as HAProxy's
 * {@code option httpchk}) are answered too, through {@link Http10Bridge}.
 */
public final class AdminServer implements AutoCloseable {
    /** The dashboard's event stream. */
    public static final String STREAM_PATH = "/admin/stream";
    /** The reload endpoint (POST). */
    public static final String RELOAD_PATH = "/admin/reload";
    /** The health endpoint. */
    public static final String HEALTH_PATH = "/observe/health";

    private final WebServer server;
    private final DashboardFeed feed;
    private final Http10Bridge http10;
    private final AtomicBoolean started;

    private AdminServer(WebServer server, DashboardFeed feed, Http10Bridge http10, AtomicBoolean started) {
        this.server = server;
        this.feed = feed;
        this.http10 = http10;
        this.started = started;
    }

    /**
     * Starts listening.
     *
     * @param settings where to listen
     * @param routes   the routes, for health and the dashboard
     * @param stats    the routes' stats
     * @param health   what health asks about draining and upstreams
     * @param registry the metrics registry {@code /observe/metrics} serves
     * @return the running admin listener
     */
    public static AdminServer start(AdminSettings settings, List<RouteSettings> routes, GatewayStats stats,
                                    GatewayHealth health, MeterRegistry registry) {
        List<RouteSettings> fixed = List.copyOf(routes);
        return start(settings, () -> fixed, stats, health, registry, null);
    }

    /**
     * Starts listening, with routes a reload may change and, if {@code reload} is not null, {@code POST
     * /admin/reload} (see {@link ReloadEndpoint}).
     *
     * @param settings where to listen
     * @param routes   the current routes, for health and the dashboard
     * @param stats    the routes' stats
     * @param health   what health asks about draining, upstreams and the config generation
     * @param registry the metrics registry {@code /observe/metrics} serves
     * @param reload   reloads the config and tells how it went; null: no reload endpoint
     * @return the running admin listener
     */
    public static AdminServer start(AdminSettings settings, Supplier<List<RouteSettings>> routes, GatewayStats stats,
                                    GatewayHealth health, MeterRegistry registry, Supplier<ReloadState> reload) {
        Instant startedAt = Instant.now();
        AtomicBoolean started = new AtomicBoolean();
        DashboardPage page = DashboardPage.load();
        DashboardFeed feed = DashboardFeed.start(stats, () -> DashboardSnapshot.json(
                stats, HealthReport.of(routes.get(), health), startedAt, Monitors.failures()));
        AtomicReference<WebServer> listening = new AtomicReference<>();
        Http10Bridge http10 = new Http10Bridge(settings.host(), () -> listening.get().port());
        try {
            WebServer server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .shutdownHook(false)
                    .featuresDiscoverServices(false)
                    .addConnectionSelector(http10)
                    .addFeature(ObserveFeature.builder()
                                        .observersDiscoverServices(false)
                                        .addObserver(MetricsObserver.builder().meterRegistry(registry).build())
                                        .build())
                    .routing(r -> {
                        r.get("/", page).get(STREAM_PATH, new DashboardStream(feed));
                        if (reload != null) {
                            r.post(RELOAD_PATH, new ReloadEndpoint(reload));
                        }
                        for (HealthEndpoint.Probe probe : HealthEndpoint.Probe.values()) {
                            HealthEndpoint endpoint = new HealthEndpoint(probe, routes, health, started::get);
                            r.get(probe.path(), endpoint).head(probe.path(), endpoint);
                        }
                    })
                    .build();
            listening.set(server);
            server.start();
            if (!server.isRunning()) { // Helidon logs why (a port in use, say) and returns a stopped server
                throw new IllegalStateException("the admin listener cannot listen on " + settings.host() + ":"
                                                + settings.port() + " (admin.host, admin.port); is the port in use?");
            }
            return new AdminServer(server, feed, http10, started);
        } catch (RuntimeException e) {
            http10.close();
            feed.close();
            throw e;
        }
    }

    /** Marks the start as finished: {@code /observe/health/started} and {@code /observe/health/ready} may be UP. */
    public void startupFinished() {
        started.set(true);
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** Ends the open dashboard streams and stops listening. */
    @Override
    public void close() {
        feed.close();
        server.stop();
        http10.close();
    }
}
