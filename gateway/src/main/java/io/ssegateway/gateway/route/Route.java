package io.ssegateway.gateway.route;

import io.helidon.webclient.api.WebClient;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.resilience.UpstreamHealth;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.transform.EventTransform;

import java.util.List;
import java.util.Optional;

/**
 * A route at runtime: its settings, the client that talks to its upstreams and the plugins it runs.
 *
 * @param settings   the validated settings
 * @param client     the WebClient for its upstreams (connect timeout set, no read timeout)
 * @param auth       the auth plugin, if any
 * @param balancer   the balancer
 * @param transforms transforms in chain order; empty means byte-exact passthrough
 * @param monitors   the route's monitors
 * @param health     which upstreams may get new streams
 */
public record Route(RouteSettings settings, WebClient client, Optional<Authenticator> auth, Balancer balancer,
                    List<EventTransform> transforms, Monitors monitors, UpstreamHealth health) {
    /** The route id. */
    public String id() {
        return settings.id();
    }
}
