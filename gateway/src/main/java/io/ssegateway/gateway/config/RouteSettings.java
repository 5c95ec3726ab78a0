package io.ssegateway.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One route.
 *
 * @param id              unique id
 * @param path            path prefix, starting with {@code /}, without a trailing {@code /} (except {@code /} itself)
 * @param upstreams       upstream base URIs (http or https), at least one
 * @param stripPrefix     whether the route's path is removed before the request goes upstream
 * @param heartbeat       upstream silence after which a comment line is written to the client
 * @param onUpstreamError how EventSource clients are answered when no upstream answers
 * @param timeouts        connect, first-byte and write-stall timeouts
 * @param maxEventSize    the largest upstream event (or line) a route accepts, in bytes
 * @param auth            the auth plugin, if any
 * @param balancer        the balancer plugin (default {@code least-streams})
 * @param transforms      transform plugins in chain order
 * @param monitors        monitor plugins
 * @param resilience      retries, resume and upstream health
 * @param cors            the route's CORS policy; empty: the gateway adds no CORS headers and passes the upstream's
 * @param share           shared streams; empty: each client stream has its own upstream stream
 * @param longPollMaxWait the longest a long-poll on the route waits ({@code long-poll.max-wait})
 * @param source          a polled source instead of upstreams ({@code source { poll { } }}); empty for upstreams
 */
public record RouteSettings(String id, String path, List<URI> upstreams, boolean stripPrefix, Duration heartbeat,
                            OnUpstreamError onUpstreamError, Timeouts timeouts, long maxEventSize,
                            Optional<PluginRef> auth, Optional<PluginRef> balancer, List<PluginRef> transforms,
                            List<PluginRef> monitors, ResilienceSettings resilience,
                            Optional<CorsSettings> cors, Optional<ShareSettings> share, Duration longPollMaxWait,
                            Optional<PollSettings> source) {
    /** Default longest long-poll wait: 30 s. */
    public static final Duration DEFAULT_LONG_POLL_MAX_WAIT = Duration.ofSeconds(30);

    /** Copies the lists. */
    public RouteSettings {
        upstreams = List.copyOf(upstreams);
        transforms = List.copyOf(transforms);
        monitors = List.copyOf(monitors);
    }

    /** A route of upstreams with the default long-poll cap. */
    public RouteSettings(String id, String path, List<URI> upstreams, boolean stripPrefix, Duration heartbeat,
                         OnUpstreamError onUpstreamError, Timeouts timeouts, long maxEventSize,
                         Optional<PluginRef> auth, Optional<PluginRef> balancer, List<PluginRef> transforms,
                         List<PluginRef> monitors, ResilienceSettings resilience, Optional<CorsSettings> cors,
                         Optional<ShareSettings> share) {
        this(id, path, upstreams, stripPrefix, heartbeat, onUpstreamError, timeouts, maxEventSize, auth, balancer,
             transforms, monitors, resilience, cors, share, DEFAULT_LONG_POLL_MAX_WAIT, Optional.empty());
    }

    /** A route without shared streams. */
    public RouteSettings(String id, String path, List<URI> upstreams, boolean stripPrefix, Duration heartbeat,
                         OnUpstreamError onUpstreamError, Timeouts timeouts, long maxEventSize,
                         Optional<PluginRef> auth, Optional<PluginRef> balancer, List<PluginRef> transforms,
                         List<PluginRef> monitors, ResilienceSettings resilience, Optional<CorsSettings> cors) {
        this(id, path, upstreams, stripPrefix, heartbeat, onUpstreamError, timeouts, maxEventSize, auth, balancer,
             transforms, monitors, resilience, cors, Optional.empty());
    }

    /** A route without CORS. */
    public RouteSettings(String id, String path, List<URI> upstreams, boolean stripPrefix, Duration heartbeat,
                         OnUpstreamError onUpstreamError, Timeouts timeouts, long maxEventSize,
                         Optional<PluginRef> auth, Optional<PluginRef> balancer, List<PluginRef> transforms,
                         List<PluginRef> monitors) {
        this(id, path, upstreams, stripPrefix, heartbeat, onUpstreamError, timeouts, maxEventSize, auth, balancer,
             transforms, monitors, ResilienceSettings.defaults(), Optional.empty());
    }

    /** This route with another CORS policy. */
    public RouteSettings withCors(Optional<CorsSettings> policy) {
        return new RouteSettings(id, path, upstreams, stripPrefix, heartbeat, onUpstreamError, timeouts, maxEventSize,
                                 auth, balancer, transforms, monitors, resilience, policy, share, longPollMaxWait,
                                 source);
    }

    /** This route with other shared-stream settings. */
    public RouteSettings withShare(Optional<ShareSettings> settings) {
        return new RouteSettings(id, path, upstreams, stripPrefix, heartbeat, onUpstreamError, timeouts, maxEventSize,
                                 auth, balancer, transforms, monitors, resilience, cors, settings, longPollMaxWait,
                                 source);
    }
}
