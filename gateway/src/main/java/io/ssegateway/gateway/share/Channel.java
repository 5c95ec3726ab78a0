package io.ssegateway.gateway.share;

import io.ssegateway.gateway.config.ChannelSettings;
import io.ssegateway.gateway.poll.SourcePoller;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.spi.auth.Authenticator;

import java.util.Optional;

/**
 * A channel at runtime, or a route with a polled source, which is served like one.
 *
 * @param settings    its validated settings
 * @param route       the route its subscribers are counted on (its auth is {@code subscribe.auth}; limits, stats,
 *                    monitors and CORS as on any route)
 * @param publishAuth the auth plugin publishers pass; empty only for {@code publish.auth = none}
 * @param fanout      its follower and subscribers on this instance
 * @param poller      for a route with {@code source { poll }}: the poller that publishes into it (then nobody
 *                    else may publish)
 */
public record Channel(ChannelSettings settings, Route route, Optional<Authenticator> publishAuth,
                      ChannelFanout fanout, Optional<SourcePoller> poller) {
    /** The channel's id. */
    public String id() {
        return settings.id();
    }
}
