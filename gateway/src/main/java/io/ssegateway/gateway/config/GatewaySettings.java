package io.ssegateway.gateway.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole validated configuration.
 *
 * @param home         the gateway's home folder (relative paths in the config resolve against it)
 * @param server       the public listener
 * @param demoUpstream the built-in demo SSE origin
 * @param pluginsDir   where plugin jars and folders are found ({@code plugins.dir})
 * @param routes       the routes, in config order
 * @param limits       limits on open streams
 * @param drain        graceful drain on SIGTERM
 * @param admin        the admin listener (health, metrics, dashboard)
 * @param reload       reloading while running ({@code reload.watch})
 * @param broker       where channels keep their events ({@code broker})
 * @param channels     the channels publishers post to, in config order
 */
public record GatewaySettings(Path home, ServerSettings server, DemoUpstreamSettings demoUpstream, Path pluginsDir,
                              List<RouteSettings> routes, LimitsSettings limits, DrainSettings drain,
                              AdminSettings admin, ReloadSettings reload, BrokerSettings broker,
                              List<ChannelSettings> channels) {
    /** Copies the routes and channels. */
    public GatewaySettings {
        routes = List.copyOf(routes);
        channels = List.copyOf(channels);
    }

    /** Settings with the default {@link ReloadSettings} (no watching) and no channels (the memory broker, unused). */
    public GatewaySettings(Path home, ServerSettings server, DemoUpstreamSettings demoUpstream, Path pluginsDir,
                           List<RouteSettings> routes, LimitsSettings limits, DrainSettings drain,
                           AdminSettings admin) {
        this(home, server, demoUpstream, pluginsDir, routes, limits, drain, admin, ReloadSettings.defaults(),
             BrokerSettings.memory(), List.of());
    }

    /** These settings with a broker and channels. */
    public GatewaySettings withChannels(BrokerSettings brokerSettings, List<ChannelSettings> channelSettings) {
        return new GatewaySettings(home, server, demoUpstream, pluginsDir, routes, limits, drain, admin, reload,
                                   brokerSettings, channelSettings);
    }
}
