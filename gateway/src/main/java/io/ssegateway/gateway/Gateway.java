package io.ssegateway.gateway;

import io.helidon.webserver.WebServer;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.demo.DemoUpstream;
import io.ssegateway.gateway.relay.ListenerTuning;
import io.ssegateway.gateway.relay.ProxyHandler;
import io.ssegateway.gateway.relay.StreamSupervisor;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RouteTable;
import io.ssegateway.spi.monitor.CloseReason;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/** A running gateway: the public listener, its routes, the stream supervisor and, if enabled, the demo origin. */
public final class Gateway implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(Gateway.class.getName());

    private final GatewaySettings settings;
    private final WebServer server;
    private final StreamSupervisor supervisor;
    private final ProxyHandler handler;
    private final DemoUpstream demo;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Gateway(GatewaySettings settings, WebServer server, StreamSupervisor supervisor, ProxyHandler handler,
                    DemoUpstream demo) {
        this.settings = settings;
        this.server = server;
        this.supervisor = supervisor;
        this.handler = handler;
        this.demo = demo;
    }

    /** Builds the routes with their plugins and starts listening. */
    public static Gateway start(GatewaySettings settings, RouteFactory routeFactory) {
        List<Route> routes = settings.routes().stream().map(routeFactory::create).toList();
        DemoUpstream demo = settings.demoUpstream().enabled() ? DemoUpstream.start(settings.demoUpstream().port()) : null;
        StreamSupervisor supervisor = new StreamSupervisor();
        ProxyHandler handler = new ProxyHandler(new RouteTable(routes), supervisor);
        WebServer server = ListenerTuning.apply(WebServer.builder())
                .host(settings.server().host())
                .port(settings.server().port())
                .shutdownHook(false)
                .routing(r -> r.any(handler))
                .build()
                .start();
        for (Route route : routes) {
            LOGGER.info(() -> "route " + route.id() + ": " + route.settings().path() + " -> "
                    + route.settings().upstreams() + routeFactory.describePlugins(route.settings()));
        }
        LOGGER.info(() -> "sse-gateway listening on " + settings.server().host() + ":" + server.port()
                + (demo == null ? "" : ", demo origin on 127.0.0.1:" + demo.port()));
        return new Gateway(settings, server, supervisor, handler, demo);
    }

    /** The public port. */
    public int port() {
        return server.port();
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
    }
}
