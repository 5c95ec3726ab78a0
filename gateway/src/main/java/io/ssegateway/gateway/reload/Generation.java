package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.plugin.PluginCatalog;
import io.ssegateway.gateway.route.RoutesHealth;
import io.ssegateway.gateway.route.LiveRoutes;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.route.RouteTable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One loaded configuration, immutable: its number, settings, plugin catalog, routes with their plugin instances,
 * and the TLS material of the listener. It counts the requests that hold it (each from its route match to its end);
 * once a newer generation replaced it ({@link #retire()}) and its last request ended, it is drained, and
 * {@code onDrained} hears so once.
 */
final class Generation implements LiveRoutes.Lease {
    /** The request count of a drained generation: nothing may enter it any more. */
    private static final int DRAINED = -1;

    private final long number;
    private final Instant loadedAt;
    private final GatewaySettings settings;
    private final PluginCatalog catalog;
    private final Map<String, RouteVersion> versions;
    private final Optional<TlsMaterial> tls;
    private final RouteTable table;
    private final RoutesHealth health;
    private final Consumer<Generation> onDrained;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean retired;

    Generation(long number, Instant loadedAt, GatewaySettings settings, PluginCatalog catalog,
               Map<String, RouteVersion> versions, List<Route> fixedRoutes, Optional<TlsMaterial> tls,
               BooleanSupplier draining, Consumer<Generation> onDrained) {
        this.number = number;
        this.loadedAt = loadedAt;
        this.settings = settings;
        this.catalog = catalog;
        this.versions = new LinkedHashMap<>(versions);
        this.tls = tls;
        List<Route> routes = versions.values().stream().map(RouteVersion::route).toList();
        // the channels' routes are made once and are in every generation's table; health looks at upstreams only
        this.table = new RouteTable(java.util.stream.Stream.concat(routes.stream(), fixedRoutes.stream()).toList());
        this.health = new RoutesHealth(routes, draining);
        this.onDrained = onDrained;
    }

    long number() {
        return number;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    GatewaySettings settings() {
        return settings;
    }

    PluginCatalog catalog() {
        return catalog;
    }

    /** The routes by id, in config order. */
    Map<String, RouteVersion> versions() {
        return versions;
    }

    Optional<TlsMaterial> tls() {
        return tls;
    }

    RoutesHealth health() {
        return health;
    }

    @Override
    public RouteTable table() {
        return table;
    }

    /** Takes the generation for one request; false when it is drained already (take the current one instead). */
    boolean tryEnter() {
        while (true) {
            int n = open.get();
            if (n == DRAINED) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** One request that held this generation ended. */
    @Override
    public void close() {
        if (open.decrementAndGet() == 0 && retired) {
            drainIfIdle();
        }
    }

    /** A newer generation replaced this one: it drains when its last request ends (at once if none is open). */
    void retire() {
        retired = true;
        drainIfIdle();
    }

    /** Requests (streams among them) holding this generation now. */
    int open() {
        return Math.max(0, open.get());
    }

    boolean drained() {
        return open.get() == DRAINED;
    }

    private void drainIfIdle() {
        if (open.compareAndSet(0, DRAINED)) {
            onDrained.accept(this);
        }
    }
}
