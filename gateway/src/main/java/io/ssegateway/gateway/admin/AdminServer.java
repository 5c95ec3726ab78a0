package io.ssegateway.gateway.admin;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.ssegateway.gateway.config.AdminSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.observe.GatewayHealth;
import io.ssegateway.gateway.observe.GatewayStats;
import io.ssegateway.gateway.route.Monitors;

import java.time.Instant;
import java.util.List;

/**
 * The admin listener, apart from the public one: {@code /observe/health}, {@code /observe/metrics} (Prometheus
 * text from the gateway's registry), the dashboard at {@code /} and its feed at {@code /admin/stream}. It has no
 * auth: it binds to loopback unless configured otherwise.
 */
public final class AdminServer implements AutoCloseable {
    /** The dashboard's event stream. */
    public static final String STREAM_PATH = "/admin/stream";
    /** The health endpoint. */
    public static final String HEALTH_PATH = "/observe/health";

    private final WebServer server;
    private final DashboardFeed feed;

    private AdminServer(WebServer server, DashboardFeed feed) {
        this.server = server;
        this.feed = feed;
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
        Instant started = Instant.now();
        DashboardPage page = DashboardPage.load();
        DashboardFeed feed = DashboardFeed.start(stats, () -> DashboardSnapshot.json(
                stats, HealthReport.of(routes, health), started, Monitors.failures()));
        try {
            WebServer server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.port())
                    .shutdownHook(false)
                    .featuresDiscoverServices(false)
                    .addFeature(ObserveFeature.builder()
                                        .observersDiscoverServices(false)
                                        .addObserver(MetricsObserver.builder().meterRegistry(registry).build())
                                        .build())
                    .routing(r -> r.get("/", page)
                            .get(STREAM_PATH, new DashboardStream(feed))
                            .get(HEALTH_PATH, new HealthEndpoint(routes, health)))
                    .build()
                    .start();
            if (!server.isRunning()) { // Helidon logs why (a port in use, say) and returns a stopped server
                throw new IllegalStateException("the admin listener cannot listen on " + settings.host() + ":"
                                                + settings.port() + " (admin.host, admin.port); is the port in use?");
            }
            return new AdminServer(server, feed);
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
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
    }
}
