package io.ssegateway.gateway;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.ssegateway.gateway.admin.AdminServer;
import io.ssegateway.gateway.config.ConfigException;
import io.ssegateway.gateway.broker.MemoryBroker;
import io.ssegateway.gateway.config.ChannelSettings;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.config.PluginRef;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.demo.DemoUpstream;
import io.ssegateway.gateway.edge.EdgeHeaders;
import io.ssegateway.gateway.edge.ListenerTuning;
import io.ssegateway.gateway.edge.PublicListener;
import io.ssegateway.gateway.edge.RequestHeadTimeout;
import io.ssegateway.gateway.exchange.ProxyHandler;
import io.ssegateway.gateway.observe.ChannelsView;
import io.ssegateway.gateway.observe.GatewayHealth;
import io.ssegateway.gateway.observe.GatewayStats;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;
import io.ssegateway.gateway.share.Channel;
import io.ssegateway.gateway.share.ChannelFanout;
import io.ssegateway.gateway.share.ChannelMeters;
import io.ssegateway.gateway.share.ShareMeters;
import io.ssegateway.gateway.share.ShareRegistry;
import io.ssegateway.gateway.resilience.StreamLimits;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RoutesHealth;
import io.ssegateway.gateway.route.RouteTable;
import io.ssegateway.gateway.stream.StreamSupervisor;
import io.ssegateway.gateway.observe.ReloadState;
import io.ssegateway.gateway.plugin.PluginCatalog;
import io.ssegateway.gateway.plugin.PluginLoadException;
import io.ssegateway.gateway.plugin.PluginLoader;
import io.ssegateway.gateway.plugin.RoutePluginsBuilder;
import io.ssegateway.gateway.reload.ConfigSource;
import io.ssegateway.gateway.reload.LoadedConfig;
import io.ssegateway.gateway.reload.Reloader;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.poll.SourcePoller;
import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.ChannelHistory;
import io.ssegateway.spi.monitor.CloseReason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
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
    private final Reloader reloader;
    private final RequestHeadTimeout headTimeout;
    private final AtomicBoolean closed;
    private final List<Channel> channels;
    private final MemoryBroker memoryBroker;
    /** The memory channels polled routes publish into. */
    private final MemoryBroker polledBroker;
    /** The broker plugin the config names, if the gateway closes it itself: at the stop, after the channels. */
    private final Optional<Broker> pluginBroker;

    private Gateway(GatewaySettings settings, WebServer server, StreamSupervisor supervisor, ProxyHandler handler,
                    DemoUpstream demo, AdminServer admin, Reloader reloader, RequestHeadTimeout headTimeout,
                    AtomicBoolean closed, List<Channel> channels, MemoryBroker memoryBroker, MemoryBroker polledBroker,
                    Optional<Broker> pluginBroker) {
        this.channels = channels;
        this.polledBroker = polledBroker;
        this.memoryBroker = memoryBroker;
        this.pluginBroker = pluginBroker;
        this.settings = settings;
        this.server = server;
        this.supervisor = supervisor;
        this.handler = handler;
        this.demo = demo;
        this.admin = admin;
        this.reloader = reloader;
        this.headTimeout = headTimeout;
        this.closed = closed;
    }

    /** Builds the routes with their plugins and starts listening, with a metrics registry of its own. */
    public static Gateway start(GatewaySettings settings, RouteFactory routeFactory) {
        return start(settings, routeFactory, HelidonGatewayMetrics.isolated());
    }

    /**
     * Builds the routes with their plugins and starts listening; the admin port serves {@code metrics}' registry.
     * Such a gateway cannot reload (it has no config file to read again).
     */
    public static Gateway start(GatewaySettings settings, RouteFactory routeFactory, HelidonGatewayMetrics metrics) {
        return start(settings, routeFactory, metrics, null);
    }

    /**
     * Reads the config file, loads the plugins and builds each route's instances, then starts listening; this
     * gateway reloads ({@link #reload(String)}, and {@code POST /admin/reload} when the admin listener runs).
     *
     * @throws ConfigException     listing every problem of the config
     * @throws PluginLoadException listing every problem of the plugins and their configuration
     * @throws RuntimeException    when it cannot start (a port in use, say)
     */
    public static Gateway start(ConfigSource source, HelidonGatewayMetrics metrics) throws PluginLoadException {
        GatewaySettings settings = source.load();
        PluginCatalog catalog = PluginLoader.load(settings.pluginsDir());
        Map<String, RoutePlugins> plugins = RoutePluginsBuilder.build(catalog, settings, metrics);
        return start(settings, new RouteFactory(plugins), metrics, new LoadedConfig(source, catalog, plugins));
    }

    private static Gateway start(GatewaySettings settings, RouteFactory routeFactory, HelidonGatewayMetrics metrics,
                                 LoadedConfig loaded) {
        // a channel's subscribers are counted on a route of its own (same id and path, no upstream)
        List<RouteSettings> channelRouteSettings = settings.channels().stream().map(ChannelSettings::asRoute).toList();
        GatewayStats stats = new GatewayStats(Stream.concat(settings.routes().stream(),
                                                            channelRouteSettings.stream()).toList());
        // channels and their broker are made once (a reload reports changes to them as needing a restart)
        Optional<Broker> pluginBroker = routeFactory.broker();
        MemoryBroker memoryBroker = pluginBroker.isPresent() ? null : new MemoryBroker(settings.broker().historyBytes());
        Broker broker = pluginBroker.isPresent() ? pluginBroker.get() : memoryBroker;
        List<Channel> channels = new ArrayList<>();
        for (ChannelSettings channel : settings.channels()) {
            if (channel.publishAuth().isPresent() && routeFactory.publishAuth(channel.id()).isEmpty()) {
                throw new IllegalStateException("channel " + channel.id() + ": publish.auth names a plugin that was"
                                                + " not built; publishing is never anonymous");
            }
            Route route = routeFactory.create(channel.asRoute(), stats.route(channel.id()));
            ChannelFanout fanout = new ChannelFanout(
                    channel.id(), broker.channel(channel.id(), new ChannelHistory(channel.history().events(),
                                                                                  channel.history().age())),
                    channel.history().events(), channel.history().age(), settings.broker().historyBytes());
            channels.add(new Channel(channel, route, routeFactory.publishAuth(channel.id()), fanout,
                                     Optional.empty()));
        }
        AtomicBoolean closed = new AtomicBoolean();
        Reloader reloader = Reloader.start(settings, routeFactory, loaded, stats, metrics, closed::get,
                                           channels.stream().map(Channel::route).toList());
        List<Route> routes = reloader.routes();
        GatewayHealth health = reloader.health();
        DemoUpstream demo = settings.demoUpstream().enabled() ? DemoUpstream.start(settings.demoUpstream().port()) : null;
        StreamSupervisor supervisor = new StreamSupervisor();
        EdgeHeaders edgeHeaders = EdgeHeaders.of(settings.server().edge());
        ProxyHandler handler = new ProxyHandler(reloader, supervisor, new StreamLimits(settings.limits()), edgeHeaders);
        // a route with a polled source is served like a channel: its poller publishes into a memory channel
        MemoryBroker polledBroker = new MemoryBroker(settings.broker().historyBytes());
        for (Route route : routes) {
            if (route.settings().source().isEmpty()) {
                continue;
            }
            ChannelSettings channel = ChannelSettings.polled(route.settings());
            BrokerChannel polled = polledBroker.channel(channel.id(), new ChannelHistory(
                    channel.history().events(), channel.history().age()));
            SourcePoller poller = new SourcePoller(channel.id(), route.settings().source().get(), polled);
            ChannelFanout fanout = new ChannelFanout(channel.id(), polled, channel.history().events(),
                                                     channel.history().age(), settings.broker().historyBytes(), true);
            fanout.onSubscribers(poller::subscribers);
            channels.add(new Channel(channel, route, Optional.empty(), fanout, Optional.of(poller)));
        }
        handler.channels(channels);
        ChannelMeters.register(channels, metrics);
        String source = "broker " + settings.broker().type();
        stats.channels(() -> new ChannelsView(channels.stream().map(channel -> {
            ChannelFanout f = channel.fanout();
            return channel.poller().map(p -> new ChannelsView.Row(
                    channel.id(), channel.settings().path(), "poll", p.state().name().toLowerCase(Locale.ROOT),
                    f.subscribers(), p.changes(), f.delivered(), f.historySize(), p.errors(), f.gaps()))
                    .orElseGet(() -> new ChannelsView.Row(
                    channel.id(), channel.settings().path(), source, f.state().name().toLowerCase(Locale.ROOT),
                    f.subscribers(), f.published(), f.delivered(), f.historySize(), f.brokerErrors(), f.gaps()));
        }).toList()));
        handler.shares().ifPresent(shares -> {
            stats.sharedStreams(shares::view);
            ShareMeters.register(shares, metrics);
        });
        RequestHeadTimeout headTimeout = new RequestHeadTimeout(settings.server().edge().requestHead().timeout(),
                                                                edgeHeaders);
        AdminServer admin = null;
        WebServer server;
        try {
            if (settings.admin().enabled()) {
                admin = AdminServer.start(settings.admin(),
                                          () -> Stream.concat(reloader.routeSettings().stream(),
                                                              channelRouteSettings.stream()).toList(),
                                          stats, health, metrics.registry(),
                                          loaded == null ? null : () -> reloader.reload("POST /admin/reload"));
            }
            WebServerConfig.Builder builder = ListenerTuning.apply(WebServer.builder())
                    .host(settings.server().host())
                    .port(settings.server().port())
                    .shutdownHook(false)
                    .featuresDiscoverServices(false) // health and metrics are on the admin listener only
                    .routing(r -> r.any(handler));
            PublicListener.configure(builder, settings.server().edge(), edgeHeaders, headTimeout);
            server = builder.build().start();
            if (!server.isRunning()) { // Helidon logs why (a port in use, say) and returns a stopped server
                throw new IllegalStateException("cannot listen on " + settings.server().host() + ":"
                                                + settings.server().port()
                                                + " (server.host, server.port); is the port in use?");
            }
        } catch (RuntimeException e) {
            if (memoryBroker != null) {
                memoryBroker.close();
            }
            polledBroker.close();
            headTimeout.close();
            supervisor.close();
            reloader.stopHealthChecks();
            reloader.close(settings.server().shutdownTimeout());
            if (admin != null) {
                admin.close();
            }
            if (demo != null) {
                demo.close();
            }
            throw e;
        }
        reloader.running(supervisor, settings.server().edge().tls().isPresent() ? server::reloadTls : null);
        for (Route route : routes.stream().filter(r -> r.settings().source().isEmpty()).toList()) {
            LOGGER.info(() -> "route " + route.id() + ": " + route.settings().path() + " -> "
                    + route.settings().upstreams() + routeFactory.describePlugins(route.settings()));
        }
        for (Channel channel : channels) {
            channel.fanout().start();
            if (channel.poller().isPresent()) {
                LOGGER.info(() -> "route " + channel.id() + ": " + channel.settings().path() + " polls "
                        + channel.route().settings().source().orElseThrow().url() + " every "
                        + channel.route().settings().source().orElseThrow().interval() + " while it has subscribers");
                continue;
            }
            LOGGER.info(() -> "channel " + channel.id() + ": " + channel.settings().path() + " (broker "
                    + settings.broker().type() + ", history " + channel.settings().history().events() + " events / "
                    + channel.settings().history().age() + ", publish auth "
                    + channel.settings().publishAuth().map(PluginRef::type).orElse("none") + ", subscribe auth "
                    + channel.settings().subscribeAuth().map(PluginRef::type).orElse("none") + ")");
        }
        LOGGER.info(() -> "sse-gateway listening on " + settings.server().host() + ":" + server.port()
                + describeEdge(settings) + (demo == null ? "" : ", demo origin on 127.0.0.1:" + demo.port()));
        if (admin != null) {
            admin.startupFinished();
            String base = "http://" + settings.admin().host() + ":" + admin.port();
            LOGGER.info(() -> "admin on " + base + ": dashboard " + base + "/, " + AdminServer.HEALTH_PATH
                    + " (/live, /ready, /started), /observe/metrics");
        }
        return new Gateway(settings, server, supervisor, handler, demo, admin, reloader, headTimeout, closed,
                           List.copyOf(channels), memoryBroker, polledBroker,
                           // without a config source the reloader closes every plugin the factory made, this one too
                           loaded == null ? Optional.empty() : pluginBroker);
    }

    private static String describeEdge(GatewaySettings settings) {
        boolean tls = settings.server().edge().tls().isPresent();
        boolean http2 = settings.server().edge().speaksHttp2();
        return " (" + (tls ? "TLS, " : "cleartext, ") + (http2 ? (tls ? "HTTP/2 by ALPN and " : "h2c and ") : "")
                + "HTTP/1.1)";
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

    /**
     * Reloads the config file, the plugins and the TLS files: see {@link Reloader}.
     *
     * @param trigger what asked, for the log
     * @return the generation now current and how the reload went
     */
    public ReloadState reload(String trigger) {
        return reloader.reload(trigger);
    }

    /** The routes' generations: the current one, reloads, and what older ones still hold. */
    public Reloader reloader() {
        return reloader;
    }

    /** Whether the gateway is draining: readiness fails from the moment a stop begins. */
    public boolean draining() {
        return closed.get();
    }

    /**
     * Drains and stops: readiness fails and new streams are refused at once (503 or the retry answer); every open
     * stream gets a {@code retry:} line and is closed, spread with jitter over {@code drain.window}; then, after at
     * most {@code server.shutdown-timeout} more, the listeners stop; then every plugin instance is closed, once,
     * waiting for them at most what is left of {@code drain.window} + {@code server.shutdown-timeout}.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        GatewaySettings settings = reloader.settings(); // drain.window and shutdown-timeout as last reloaded
        long end = System.nanoTime() + settings.drain().window().plus(settings.server().shutdownTimeout()).toNanos();
        handler.drain();
        Duration window = settings.drain().window();
        LOGGER.info(() -> "draining " + supervisor.openStreams() + " open streams over " + window.toMillis() + " ms");
        supervisor.abortAllSpread(CloseReason.SHUTDOWN, window);
        Duration timeout = window.plus(settings.server().shutdownTimeout());
        try {
            if (!supervisor.awaitNoStreams(timeout)) {
                LOGGER.warning("streams still open after " + timeout.toMillis() + " ms; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
        headTimeout.close();
        supervisor.close();
        handler.shares().ifPresent(ShareRegistry::close);
        channels.forEach(channel -> {
            channel.poller().ifPresent(SourcePoller::close);
            channel.fanout().close();
        });
        if (memoryBroker != null) {
            memoryBroker.close();
        }
        polledBroker.close();
        pluginBroker.ifPresent(broker -> {
            try {
                broker.close();
            } catch (Exception e) {
                LOGGER.warning(() -> "broker plugin: close failed: " + e);
            }
        });
        reloader.stopHealthChecks();
        // after the drain and the listener stopped, so no stream calls them any more; within what is left of
        // drain.window + server.shutdown-timeout, so a plugin that hangs in close() does not keep the process alive
        reloader.close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        if (demo != null) {
            demo.close();
        }
        if (admin != null) {
            admin.close();
        }
    }
}
