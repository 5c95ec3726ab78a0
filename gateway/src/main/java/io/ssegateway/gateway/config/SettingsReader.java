package io.ssegateway.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Reads the whole schema from the root node into {@link GatewaySettings}, recording every problem on the way. */
final class SettingsReader {
    /** Top-level keys. */
    static final List<String> ROOT_KEYS = List.of("server", "demo-upstream", "plugins", "route-defaults", "routes",
                                                  "limits", "drain", "admin", "reload", "broker", "channels");
    static final List<String> LIMITS_KEYS = List.of("max-streams", "per-route", "per-client", "retry-after");
    static final List<String> DRAIN_KEYS = List.of("window");
    static final List<String> RELOAD_KEYS = List.of("watch", "debounce");
    static final List<String> SERVER_KEYS = Stream.concat(
            Stream.of("host", "port", "shutdown-timeout"), EdgeReader.SERVER_KEYS.stream()).toList();
    static final List<String> DEMO_KEYS = List.of("enabled", "port");
    static final List<String> PLUGINS_KEYS = List.of("dir");
    static final List<String> ADMIN_KEYS = List.of("enabled", "host", "port");

    static final String DEFAULT_HOST = "0.0.0.0";
    static final int DEFAULT_PORT = 8080;
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    static final int DEFAULT_DEMO_PORT = 8081;
    static final String DEFAULT_PLUGINS_DIR = "plugins";
    static final String DEFAULT_ADMIN_HOST = "127.0.0.1";
    static final int DEFAULT_ADMIN_PORT = 9090;

    private SettingsReader() {
    }

    /**
     * Reads the settings; check {@link Problems#isEmpty()} before using them.
     *
     * @param root the config root
     * @param home the gateway's home folder, absolute
     * @return the settings, meaningful only when no problem was recorded
     */
    static GatewaySettings read(SettingsNode root, Path home) {
        root.rejectUnknown(ROOT_KEYS);
        ServerSettings server = server(root.child("server"), home);
        DemoUpstreamSettings demo = demo(root.child("demo-upstream"), server);
        Path pluginsDir = pluginsDir(root.child("plugins"), home);
        SettingsNode routesNode = root.child("routes");
        RoutesReader routesReader = new RoutesReader(home);
        SettingsNode defaults = routesReader.defaults(root.child("route-defaults"));
        List<RouteSettings> routes;
        if (routesNode.exists()) {
            routes = routesReader.read(routesNode, defaults);
        } else if (demo.enabled()) {
            routes = List.of(routesReader.defaultRoute(demo.port(), defaults, root.problems()));
        } else if (root.child("channels").exists()) {
            routes = List.of();
        } else {
            routesNode.problem("at least one route is required when demo-upstream is disabled", ValueText.NOTHING);
            routes = List.of();
        }
        AdminSettings admin = admin(root.child("admin"), server, demo);
        ChannelsReader channelsReader = new ChannelsReader(home);
        BrokerSettings broker = channelsReader.broker(root.child("broker"));
        List<ChannelSettings> channels = channelsReader.read(root.child("channels"), routes);
        return new GatewaySettings(home, server, demo, pluginsDir, routes, limits(root.child("limits")),
                                   drain(root.child("drain")), admin, reload(root.child("reload")), broker, channels);
    }

    private static ReloadSettings reload(SettingsNode node) {
        node.expectObject();
        node.rejectUnknown(RELOAD_KEYS);
        return new ReloadSettings(node.child("watch").bool(false),
                                  node.child("debounce").positiveDuration(ReloadSettings.DEFAULT_DEBOUNCE));
    }

    private static LimitsSettings limits(SettingsNode node) {
        node.expectObject();
        node.rejectUnknown(LIMITS_KEYS);
        return new LimitsSettings(node.child("max-streams").intInRange(0, 0, 10_000_000),
                                  node.child("per-route").intInRange(0, 0, 10_000_000),
                                  node.child("per-client").intInRange(0, 0, 10_000_000),
                                  node.child("retry-after").positiveDuration(Duration.ofSeconds(5)));
    }

    private static DrainSettings drain(SettingsNode node) {
        node.expectObject();
        node.rejectUnknown(DRAIN_KEYS);
        return new DrainSettings(node.child("window").positiveDuration(Duration.ofSeconds(5)));
    }

    private static ServerSettings server(SettingsNode node, Path home) {
        node.expectObject();
        node.rejectUnknown(SERVER_KEYS);
        return new ServerSettings(node.child("host").string(DEFAULT_HOST),
                                  node.child("port").port(DEFAULT_PORT, true),
                                  node.child("shutdown-timeout").positiveDuration(DEFAULT_SHUTDOWN_TIMEOUT),
                                  EdgeReader.read(node, home));
    }

    private static DemoUpstreamSettings demo(SettingsNode node, ServerSettings server) {
        node.expectObject();
        node.rejectUnknown(DEMO_KEYS);
        boolean enabled = node.child("enabled").bool(true);
        SettingsNode portNode = node.child("port");
        int port = portNode.port(DEFAULT_DEMO_PORT, false);
        if (enabled && port == server.port()) {
            portNode.problem("same port as server.port", String.valueOf(port));
        }
        return new DemoUpstreamSettings(enabled, port);
    }

    private static AdminSettings admin(SettingsNode node, ServerSettings server, DemoUpstreamSettings demo) {
        node.expectObject();
        node.rejectUnknown(ADMIN_KEYS);
        boolean enabled = node.child("enabled").bool(true);
        String host = node.child("host").string(DEFAULT_ADMIN_HOST);
        SettingsNode portNode = node.child("port");
        int port = portNode.port(DEFAULT_ADMIN_PORT, true);
        if (enabled && port != 0 && port == server.port()) {
            portNode.problem("same port as server.port", String.valueOf(port));
        } else if (enabled && port != 0 && demo.enabled() && port == demo.port()) {
            portNode.problem("same port as demo-upstream.port", String.valueOf(port));
        }
        return new AdminSettings(enabled, host, port);
    }

    private static Path pluginsDir(SettingsNode node, Path home) {
        node.expectObject();
        node.rejectUnknown(PLUGINS_KEYS);
        return home.resolve(node.child("dir").string(DEFAULT_PLUGINS_DIR)).normalize();
    }
}
