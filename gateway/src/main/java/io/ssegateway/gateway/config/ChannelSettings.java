package io.ssegateway.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One channel ({@code channels = [ { ... } ]}): a named log of events that publishers {@code POST} to and
 * subscribers read over SSE, long-polling or NDJSON, kept by the broker.
 *
 * @param id              unique id (also the broker's channel name), distinct from every route id
 * @param path            where it is published to and subscribed at, distinct from every route path
 * @param history         how much of its past the broker keeps for {@code Last-Event-ID} replay
 * @param maxEventSize    the largest publish request body, in bytes
 * @param publishAuth     the auth plugin publishers pass; empty only when the config says {@code publish.auth = none}
 * @param subscribeAuth   the auth plugin subscribers pass; empty: anyone may subscribe
 * @param longPollMaxWait the longest a long-poll request waits for events ({@code long-poll.max-wait})
 * @param heartbeat       subscriber silence after which a comment line is written
 * @param maxQueue        bytes a subscriber may fall behind before it is closed ({@code slow_client})
 * @param cors            the channel's CORS policy, as on routes
 */
public record ChannelSettings(String id, String path, History history, long maxEventSize,
                              Optional<PluginRef> publishAuth, Optional<PluginRef> subscribeAuth,
                              Duration longPollMaxWait, Duration heartbeat, long maxQueue,
                              Optional<CorsSettings> cors) {
    /** Default history: 1000 events. */
    public static final int DEFAULT_HISTORY_EVENTS = 1000;
    /** Default history: one hour. */
    public static final Duration DEFAULT_HISTORY_AGE = Duration.ofHours(1);
    /** Default longest long-poll wait: 30 s. */
    public static final Duration DEFAULT_LONG_POLL_MAX_WAIT = Duration.ofSeconds(30);

    /**
     * A channel's history bounds.
     *
     * @param events the most events kept
     * @param age    the oldest event kept
     */
    public record History(int events, Duration age) {
    }

    /**
     * The channel that serves a route with a polled source: the route's id, path, auth (for subscribers), heartbeat,
     * CORS and long-poll cap, the source's history; nobody may publish to it.
     */
    public static ChannelSettings polled(RouteSettings route) {
        PollSettings poll = route.source().orElseThrow();
        return new ChannelSettings(route.id(), route.path(), poll.history(), route.maxEventSize(), Optional.empty(),
                                   route.auth(), route.longPollMaxWait(), route.heartbeat(),
                                   ShareSettings.DEFAULT_MAX_QUEUE, route.cors());
    }

    /**
     * The route the channel's subscribers are counted on: same id and path, no upstream, its subscribe auth, so
     * limits, stats, monitors, the dashboard and CORS treat it like any route.
     */
    public RouteSettings asRoute() {
        ResilienceSettings d = ResilienceSettings.defaults();
        ResilienceSettings noResume = new ResilienceSettings(
                0, new ResilienceSettings.Resume(false, 1, d.resume().backoffInitial(), d.resume().backoffMax()),
                d.passiveHealth(), Optional.empty());
        return new RouteSettings(id, path, List.of(), false, heartbeat, OnUpstreamError.RETRY,
                                 RoutesReader.DEFAULT_TIMEOUTS, maxEventSize, subscribeAuth, Optional.empty(),
                                 List.of(), List.of(), noResume, cors, Optional.empty(), longPollMaxWait,
                                 Optional.empty());
    }
}
