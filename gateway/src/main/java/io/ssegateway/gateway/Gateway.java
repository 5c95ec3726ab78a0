package io.ssegateway.gateway;

import io.helidon.webserver.WebServer;
import io.ssegateway.gateway.admin.AdminServer;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.demo.DemoUpstream;
import io.ssegateway.gateway.observe.AlwaysUsableHealth;
import io.ssegateway.gateway.observe.GatewayHealth;
import io.ssegateway.gateway.observe.GatewayStats;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;
import io.ssegateway.gateway.relay.ProxyHandler;
import io.ssegateway.gateway.relay.StreamSupervisor;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RouteTable;
import io.ssegateway.spi.monitor.CloseReason;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A running gateway: the public listener, its routes, the stream supervisor and, if enabled, the admin listener
 * and the demo origin.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(Gateway.class.getName());

    private final GatewaySettings settings;
    private final WebServer server;
    private final StreamSupervisor supervisor;
    private final ProxyHandler handler;
    private final DemoUpstream demo;
    private final AdminServer admin;
    private final AtomicBoolean closed;

    private Gateway(GatewaySettings settings, WebServer server, StreamSupervisor supervisor, ProxyHandler handler,
                    DemoUpstream demo, AdminServer admin, AtomicBoolean closed) {
        this.settings = settings;
        this.server = server;
        this.supervisor = supervisor;
        this.handler = handler;
        this.demo = demo;
        this.admin = admin;
        this.closed = closed;
    }

    /** Builds the routes with their plugins and starts listening, with a metrics registry of its own. */
    public static Gateway start(GatewaySettings settings, RouteFactory routeFactory) {
        return start(settings, routeFactory, HelidonGatewayMetrics.isolated());
    }

    /** Builds the routes with their plugins and starts listening; the admin port serves {@code metrics}' registry. */
    public static Gateway start(GatewaySettings settings, RouteFactory routeFactory, HelidonGatewayMetrics metrics) {
        GatewayStats stats = new GatewayStats(settings.routes());
        List<Route> routes = settings.routes().stream()
                .map(route -> routeFactory.create(route, stats.route(route.id())))
                .toList();
        AtomicBoolean closed = new AtomicBoolean();
        GatewayHealth health = new AlwaysUsableHealth(closed::get);
        DemoUpstream demo = settings.demoUpstream().enabled() ? DemoUpstream.start(settings.demoUpstream().port()) : null;
        StreamSupervisor supervisor = new StreamSupervisor();
        ProxyHandler handler = new ProxyHandler(new RouteTable(routes), supervisor);
        AdminServer admin = null;
        WebServer server;
        try {
            if (settings.admin().enabled()) {
                admin = AdminServer.start(settings.admin(), settings.routes(), stats, health, metrics.registry());
            }
            server = WebServer.builder()
                    .host(settings.server().host())
                    .port(settings.server().port())
                    .shutdownHook(false)
                    .featuresDiscoverServices(false) // health and metrics are on the admin listener only
                    .routing(r -> r.any(handler))
                    .build()
                    .start();
            if (!server.isRunning()) { // Helidon logs why (a port in use, say) and returns a stopped server
                throw new IllegalStateException("cannot listen on " + settings.server().host() + ":"
                                                + settings.server().port()
                                                + " (server.host, server.port); is the port in use?");
            }
        } catch (RuntimeException e) {
            supervisor.close();
            if (admin != null) {
                admin.close();
            }
            if (demo != null) {
                demo.close();
            }
            throw e;
        }
        for (Route route : routes) {
            LOGGER.info(() -> "route " + route.id() + ": " + route.settings().path() + " -> "
                    + route.settings().upstreams() + routeFactory.describePlugins(route.settings()));
        }
        LOGGER.info(() -> "sse-gateway listening on " + settings.server().host() + ":" + server.port()
                + (demo == null ? "" : ", demo origin on 127.0.0.1:" + demo.port()));
        if (admin != null) {
            String base = "http://" + settings.admin().host() + ":" + admin.port();
            LOGGER.info(() -> "admin on " + base + ": dashboard " + base + "/, " + AdminServer.HEALTH_PATH
                    + ", /observe/metrics");
        }
        return new Gateway(settings, server, supervisor, handler, demo, admin, closed);
    }

    /** The public port. */
    public int port() {
        return server.port();
    }

    /** The admin port, if the admin listener is enabled. */
    public OptionalInt adminPort() {
        return admin == null ? OptionalInt.empty() : OptionalInt.of(admin.port());
    }

    /** Open client streams. */
    public int openStreams() {
        return supervisor.openStreams();
    }

    /** Stops accepting streams, closes the open ones, waits up to the shutdown timeout, then stops the listener. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        handler.drain();
        supervisor.abortAll(CloseReason.SHUTDOWN);
        Duration timeout = settings.server().shutdownTimeout();
        try {
            if (!supervisor.awaitNoStreams(timeout)) {
                LOGGER.warning("streams still open after " + timeout.toMillis() + " ms; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
        supervisor.close();
        if (demo != null) {
            demo.close();
        }
        if (admin != null) {
            admin.close();
        }
    }
}
