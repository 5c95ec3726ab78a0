package io.ssegateway.gateway.reload;

import io.helidon.common.tls.Tls;
import io.ssegateway.gateway.config.ConfigException;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.observe.GatewayHealth;
import io.ssegateway.gateway.observe.GatewayStats;
import io.ssegateway.gateway.observe.ReloadState;
import io.ssegateway.gateway.plugin.PluginCatalog;
import io.ssegateway.gateway.plugin.PluginLoadException;
import io.ssegateway.gateway.plugin.PluginLoader;
import io.ssegateway.gateway.plugin.RoutePluginsBuilder;
import io.ssegateway.gateway.stream.StreamSupervisor;
import io.ssegateway.gateway.route.LiveRoutes;
import io.ssegateway.gateway.route.PluginInstance;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.spi.GatewayMetrics;
import io.ssegateway.spi.monitor.CloseReason;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's routes as {@link Generation}s: new requests take the current one, and {@link #reload(String)}
 * makes the next. A reload reads the whole config and every plugin it names first; any problem leaves everything
 * as it was and is reported. Otherwise routes whose settings, plugin blocks and plugin jars did not change are
 * carried over as they are (same route, same plugin instances); the others are built anew. Streams already open
 * keep the route they started on; those on a route that was removed, or whose path or upstreams changed, are
 * closed spread over {@code drain.window} after a {@code retry:} line (clients reconnect to the new setup with
 * their last id). The plugin instances of a replaced route are closed, and a replaced jar's classloader with them,
 * when the last request that could use them ends. Reloads run one at a time.
 */
public final class Reloader implements LiveRoutes {
    private static final Logger LOGGER = Logger.getLogger(Reloader.class.getName());

    private final Object lock = new Object();
    private final GatewaySettings started;
    /** Where the config is read again; null: started from settings alone, nothing to reload from. */
    private final ConfigSource source;
    /** The factory of generation 1 when the gateway cannot reload (it closes their plugins at the stop); else null. */
    private final RouteFactory firstFactory;
    /** The channels' publish plugins, made once at the start: closed at the stop (with firstFactory's when set). */
    private final Map<String, RoutePlugins> channelPlugins;
    private final GatewayStats stats;
    private final GatewayMetrics metrics;
    private final BooleanSupplier draining;
    private final boolean sharesServed;
    /** The channels' routes: made once at the start (channels are not reloaded), in every generation's table. */
    private final List<Route> channelRoutes;
    private final AtomicReference<Generation> current = new AtomicReference<>();
    /** The generations that are current or still have requests, oldest first. */
    private final List<Generation> live = new CopyOnWriteArrayList<>();
    private volatile ReloadState.Last last;
    private volatile StreamSupervisor supervisor;
    private volatile Consumer<Tls> tlsReload;
    private volatile ConfigWatch watch;
    private volatile boolean closed;

    private Reloader(GatewaySettings settings, ConfigSource source, RouteFactory factory, GatewayStats stats,
                     GatewayMetrics metrics, BooleanSupplier draining, boolean sharesServed, List<Route> channelRoutes) {
        this.started = settings;
        this.channelRoutes = List.copyOf(channelRoutes);
        this.source = source; // not the start's catalog and plugins: generation 1 holds them while it is in use
        // with a config source the routes' versions hold their factories; keeping this one would keep the start's
        // plugin instances, and their classloaders, for as long as the gateway runs
        this.firstFactory = source == null ? factory : null;
        this.channelPlugins = factory.channelPlugins();
        this.stats = stats;
        this.metrics = metrics;
        this.draining = draining;
        this.sharesServed = sharesServed;
    }

    /**
     * Generation 1: the routes {@code factory} makes for {@code settings}.
     *
     * @param settings the settings the gateway starts with
     * @param factory  makes the routes (and holds their plugins)
     * @param loaded   where the config came from and each route's plugins; null: the gateway cannot reload
     * @param stats    the routes' stats, reconfigured at each reload
     * @param metrics  where the reload meters go
     * @param draining whether the gateway is stopping
     * @param channelRoutes the channels' routes, made once and kept through reloads
     * @return the reloader, generation 1 current
     */
    public static Reloader start(GatewaySettings settings, RouteFactory factory, LoadedConfig loaded,
                                 GatewayStats stats, GatewayMetrics metrics, BooleanSupplier draining,
                                 List<Route> channelRoutes) {
        boolean shares = settings.routes().stream().anyMatch(r -> r.share().isPresent());
        Reloader reloader = new Reloader(settings, loaded == null ? null : loaded.source(), factory, stats, metrics,
                                         draining, shares, channelRoutes);
        Map<String, RouteVersion> versions = new LinkedHashMap<>();
        for (RouteSettings route : settings.routes()) {
            RoutePlugins plugins = loaded == null ? RoutePlugins.none()
                    : loaded.plugins().getOrDefault(route.id(), RoutePlugins.none());
            versions.put(route.id(), new RouteVersion(factory.create(route, stats.route(route.id())), plugins,
                                                      factory, RouteKey.of(route)));
        }
        Optional<TlsMaterial> tls = Optional.empty();
        if (settings.server().edge().tls().isPresent() && loaded != null) {
            try {
                tls = Optional.of(TlsMaterial.load(settings.server().edge().tls().get()));
            } catch (IllegalArgumentException e) {
                // the listener's own load reports it and the gateway does not start
            }
        }
        Generation first = new Generation(1, Instant.now(), settings,
                                          loaded == null ? PluginCatalog.empty() : loaded.catalog(), versions, channelRoutes, tls,
                                          draining, reloader::drained);
        reloader.current.set(first);
        reloader.live.add(first);
        ReloadMeters.register(reloader, metrics);
        return reloader;
    }

    /**
     * The running gateway's parts a reload acts on: the supervisor whose streams it closes, and where a new
     * certificate goes (null without TLS). Starts watching the files if {@code reload.watch} is on.
     */
    public void running(StreamSupervisor supervisor, Consumer<Tls> tlsReload) {
        this.supervisor = supervisor;
        this.tlsReload = tlsReload;
        synchronized (lock) {
            updateWatch(current.get().settings());
        }
    }

    @Override
    public Lease enter() {
        while (true) {
            Generation generation = current.get();
            if (generation.tryEnter()) {
                return generation;
            }
        }
    }

    /** The routes new requests get, in config order. */
    public List<Route> routes() {
        return current.get().versions().values().stream().map(RouteVersion::route).toList();
    }

    /** The settings of the routes new requests get, in config order. */
    public List<RouteSettings> routeSettings() {
        return current.get().settings().routes();
    }

    /** The settings of the current generation (a reload's keys that need a restart are in it but not applied). */
    public GatewaySettings settings() {
        return current.get().settings();
    }

    /** The generation new requests get. */
    public long generation() {
        return current.get().number();
    }

    /** When the current generation was loaded. */
    public Instant loadedAt() {
        return current.get().loadedAt();
    }

    /** Open requests (streams among them) on the current generation. */
    public int openOnCurrent() {
        return current.get().open();
    }

    /** Open requests on older generations, still draining. */
    public int openOnOlder() {
        Generation now = current.get();
        return live.stream().filter(g -> g != now).mapToInt(Generation::open).sum();
    }

    /** Generations current or still in use: 1 unless older ones still have streams. */
    public int liveGenerations() {
        return live.size();
    }

    /** The plugin classloaders of the generations in use (tests count them). */
    public List<ClassLoader> pluginClassLoaders() {
        Set<ClassLoader> loaders = Collections.newSetFromMap(new IdentityHashMap<>());
        live.forEach(g -> loaders.addAll(g.catalog().classLoaders()));
        return List.copyOf(loaders);
    }

    /** The current generation and the last reload. */
    public ReloadState state() {
        Generation generation = current.get();
        return new ReloadState(generation.number(), generation.loadedAt(), Optional.ofNullable(last));
    }

    /** Health over the current routes, with the reload state. */
    public GatewayHealth health() {
        return new GatewayHealth() {
            @Override
            public boolean draining() {
                return draining.getAsBoolean();
            }

            @Override
            public boolean usable(String routeId, URI upstream) {
                return current.get().health().usable(routeId, upstream);
            }

            @Override
            public Optional<ReloadState> reload() {
                return Optional.of(state());
            }
        };
    }

    /**
     * Reloads the config file, the plugins and the TLS files, and tells how it went (in the log too).
     *
     * @param trigger what asked for it, for the log: {@code SIGHUP}, {@code POST /admin/reload}, {@code watch}
     * @return the generation now current and this reload's outcome
     */
    public ReloadState reload(String trigger) {
        synchronized (lock) {
            ReloadState.Last outcome;
            try {
                outcome = reloadLocked(trigger);
            } catch (RuntimeException | LinkageError e) {
                LOGGER.log(Level.WARNING, "reload (" + trigger + ") failed inside the gateway; nothing changed", e);
                outcome = failed(List.of("the reload failed inside the gateway: " + e));
            }
            last = outcome;
            ReloadMeters.reloaded(metrics, outcome.outcome());
            return state();
        }
    }

    private ReloadState.Last reloadLocked(String trigger) {
        if (source == null) {
            return failed(List.of("this gateway was started without a config file; there is nothing to reload"));
        }
        if (closed || draining.getAsBoolean()) {
            return failed(List.of("the gateway is stopping"));
        }
        Generation old = current.get();
        GatewaySettings next;
        try {
            next = source.load();
        } catch (ConfigException e) {
            return logFailed(trigger, e.problems());
        }
        PluginCatalog catalog;
        try {
            catalog = PluginLoader.load(next.pluginsDir(), old.catalog());
        } catch (PluginLoadException e) {
            return logFailed(trigger, e.problems());
        }
        Map<String, RouteVersion> kept = new HashMap<>();
        Set<String> rebuilt = new HashSet<>();
        for (RouteSettings route : next.routes()) {
            RouteVersion before = old.versions().get(route.id());
            if (before != null && before.key().equals(RouteKey.of(route))
                    && RouteKey.sameSources(route, catalog, old.catalog())) {
                kept.put(route.id(), before);
            } else {
                rebuilt.add(route.id());
            }
        }
        Map<String, RoutePlugins> built;
        try {
            built = RoutePluginsBuilder.build(catalog, next, metrics, route -> rebuilt.contains(route.id()));
        } catch (PluginLoadException e) {
            closeUnused(catalog);
            return logFailed(trigger, e.problems());
        }
        Optional<TlsMaterial> tls = old.tls();
        boolean tlsChanged = false;
        if (next.server().edge().tls().isPresent() && old.tls().isPresent()) {
            try {
                TlsMaterial fresh = TlsMaterial.load(next.server().edge().tls().get());
                tlsChanged = !fresh.digest().equals(old.tls().get().digest());
                if (tlsChanged) {
                    tls = Optional.of(fresh);
                }
            } catch (IllegalArgumentException e) {
                PluginInstance.closeAll(built, next.server().shutdownTimeout());
                closeUnused(catalog);
                return logFailed(trigger, List.of(e.getMessage() + " (the listener keeps its current certificate)"));
            }
        }
        List<String> restart = RestartKeys.changed(started, next, sharesServed);
        boolean unchanged = rebuilt.isEmpty() && !tlsChanged
                && List.copyOf(old.versions().keySet()).equals(next.routes().stream().map(RouteSettings::id).toList())
                && catalog.classLoaders().equals(old.catalog().classLoaders())
                && next.drain().equals(old.settings().drain()) && next.reload().equals(old.settings().reload());
        if (unchanged) {
            LOGGER.info(() -> "reload (" + trigger + "): nothing to change, generation " + old.number() + " stays"
                    + restartNote(restart));
            return new ReloadState.Last("unchanged", Instant.now(), List.of(), restart);
        }
        apply(trigger, old, next, catalog, kept, built, tls, tlsChanged, restart);
        return new ReloadState.Last("applied", Instant.now(), List.of(), restart);
    }

    private void apply(String trigger, Generation old, GatewaySettings next, PluginCatalog catalog,
                       Map<String, RouteVersion> kept, Map<String, RoutePlugins> built, Optional<TlsMaterial> tls,
                       boolean tlsChanged, List<String> restart) {
        stats.reconfigure(next.routes(), kept.keySet());
        RouteFactory factory = new RouteFactory(built);
        Map<String, RouteVersion> versions = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (RouteSettings route : next.routes()) {
            RouteVersion version = kept.get(route.id());
            if (version == null) {
                version = new RouteVersion(factory.create(route, stats.route(route.id())),
                                           built.getOrDefault(route.id(), RoutePlugins.none()), factory,
                                           RouteKey.of(route));
                (old.versions().containsKey(route.id()) ? changed : added).add(route.id());
            }
            versions.put(route.id(), version);
        }
        Generation generation = new Generation(old.number() + 1, Instant.now(), next, catalog, versions, channelRoutes, tls,
                                               draining, this::drained);
        live.add(generation);
        current.set(generation);
        if (tlsChanged && tlsReload != null) {
            tlsReload.accept(tls.orElseThrow().tls());
        }
        // routes no longer current: no more health checks; streams on one removed or re-pointed are closed
        Set<RouteVersion> now = Collections.newSetFromMap(new IdentityHashMap<>());
        now.addAll(versions.values());
        Set<Route> closing = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Generation g : live) {
            for (RouteVersion version : g.versions().values()) {
                if (now.contains(version)) {
                    continue;
                }
                version.factory().stopHealthChecks(version.id());
                RouteSettings successor = next.routes().stream().filter(r -> r.id().equals(version.id()))
                        .findFirst().orElse(null);
                RouteSettings was = version.route().settings();
                if (successor == null || !successor.path().equals(was.path())
                        || !successor.upstreams().equals(was.upstreams())) {
                    closing.add(version.route());
                }
            }
        }
        List<String> removed = old.versions().keySet().stream().filter(id -> !versions.containsKey(id)).toList();
        StreamSupervisor streams = supervisor;
        int closed = closing.isEmpty() || streams == null ? 0
                : streams.abortSpread(closing::contains, CloseReason.SHUTDOWN, next.drain().window());
        old.retire();
        updateWatch(next);
        LOGGER.info(() -> "reload (" + trigger + "): generation " + generation.number() + " applied; routes added "
                + added + ", changed " + changed + ", removed " + removed + ", kept " + kept.keySet()
                + (tlsChanged ? "; new TLS certificate " + tls.orElseThrow().describe() + " for new connections" : "")
                + (closed > 0 ? "; " + closed + " streams on removed or re-pointed routes close over "
                        + next.drain().window().toMillis() + " ms" : "")
                + restartNote(restart));
        for (RouteSettings route : next.routes()) {
            if (!kept.containsKey(route.id())) {
                LOGGER.info(() -> "route " + route.id() + ": " + route.path() + " -> " + route.upstreams()
                        + factory.describePlugins(route));
            }
        }
    }

    private static String restartNote(List<String> restart) {
        return restart.isEmpty() ? "" : "; needing a restart:\n  - " + String.join("\n  - ", restart);
    }

    private ReloadState.Last logFailed(String trigger, List<String> problems) {
        LOGGER.warning(() -> "reload (" + trigger + ") refused, nothing changed; generation " + generation()
                + " stays:\n  - " + String.join("\n  - ", problems));
        return failed(problems);
    }

    private static ReloadState.Last failed(List<String> problems) {
        return new ReloadState.Last("failed", Instant.now(), problems, List.of());
    }

    /** Closes the classloaders of a catalog that was loaded for a reload that did not happen. */
    private void closeUnused(PluginCatalog catalog) {
        catalog.closeLoadersNotIn(live.stream().map(Generation::catalog).toList());
    }

    private void updateWatch(GatewaySettings settings) {
        boolean wanted = settings.reload().watch() && source != null && !closed;
        ConfigWatch running = watch;
        if (running != null && (!wanted || !running.covers(settings))) {
            running.close();
            watch = null;
        }
        if (wanted && watch == null) {
            watch = ConfigWatch.start(source.configFile().getParent(), settings.pluginsDir(),
                                      settings.reload().debounce(), () -> reload("watch"));
        }
    }

    /** A retired generation's last request ended: close what no generation in use needs any more. */
    private void drained(Generation generation) {
        Thread.ofVirtual().name("reload-cleanup " + generation.number()).start(this::collect);
    }

    private void collect() {
        Set<RouteVersion> dead = Collections.newSetFromMap(new IdentityHashMap<>());
        List<PluginCatalog> deadCatalogs = new ArrayList<>();
        List<PluginCatalog> liveCatalogs;
        Duration limit;
        synchronized (lock) {
            if (closed) {
                return; // close() closes everything
            }
            Set<RouteVersion> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Generation g : live) {
                if (!g.drained()) {
                    inUse.addAll(g.versions().values());
                }
            }
            for (Generation g : live) {
                if (g.drained()) {
                    for (RouteVersion version : g.versions().values()) {
                        // a drained generation leaves the list here, so its versions are closed once: now, or with
                        // the last generation in use that shares them
                        if (!inUse.contains(version)) {
                            dead.add(version);
                        }
                    }
                    deadCatalogs.add(g.catalog());
                    live.remove(g);
                }
            }
            liveCatalogs = live.stream().map(Generation::catalog).toList();
            limit = current.get().settings().server().shutdownTimeout();
        }
        closeVersions(List.copyOf(dead), limit);
        for (PluginCatalog catalog : deadCatalogs) {
            int closedLoaders = catalog.closeLoadersNotIn(liveCatalogs);
            if (closedLoaders > 0) {
                LOGGER.info(() -> closedLoaders + " plugin classloaders of replaced jars closed");
            }
        }
    }

    private static void closeVersions(List<RouteVersion> versions, Duration limit) {
        if (versions.isEmpty()) {
            return;
        }
        Map<String, RoutePlugins> byLabel = new LinkedHashMap<>();
        for (RouteVersion version : versions) {
            String label = byLabel.containsKey(version.id()) ? version.id() + " (older, " + byLabel.size() + ")"
                    : version.id();
            byLabel.put(label, version.plugins());
        }
        PluginInstance.closeAll(byLabel, limit);
    }

    /** Stops the active health checks of every route. */
    public void stopHealthChecks() {
        if (firstFactory != null) {
            firstFactory.stopHealthChecks();
        }
        for (Generation g : live) {
            g.versions().values().forEach(v -> v.factory().stopHealthChecks());
        }
    }

    /**
     * Stops watching and closes the plugin instances of every route not closed yet and their classloaders, waiting
     * for them at most {@code limit}; the gateway calls it when it stops, after its streams drained.
     */
    public void close(Duration limit) {
        List<RouteVersion> open = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            if (watch != null) {
                watch.close();
                watch = null;
            }
            Set<RouteVersion> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Generation g : live) {
                for (RouteVersion version : g.versions().values()) {
                    if (seen.add(version)) {
                        open.add(version);
                    }
                }
            }
        }
        if (source == null) {
            firstFactory.closePlugins(limit);
        } else {
            closeVersions(open, limit);
            PluginInstance.closeAll(channelPlugins, limit); // made once at the start, in no route version
            live.forEach(g -> g.catalog().closeLoadersNotIn(List.of()));
        }
    }
}
