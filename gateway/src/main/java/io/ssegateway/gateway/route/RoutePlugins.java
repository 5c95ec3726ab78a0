package io.ssegateway.gateway.route;

import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.transform.EventTransform;

import java.util.List;
import java.util.Optional;

/**
 * The plugin instances of one route, built and validated before the gateway binds its port.
 *
 * @param auth        the auth plugin, if any
 * @param balancer    the balancer
 * @param transforms  transforms in chain order
 * @param monitors    the monitors
 * @param description a short list of the plugins for the startup log
 */
public record RoutePlugins(Optional<Authenticator> auth, Balancer balancer, List<EventTransform> transforms,
                           Monitors monitors, String description) {
    /** No plugins but a rotating balancer: what a route gets when it names none and no balancer plugin is loaded. */
    public static RoutePlugins none() {
        return new RoutePlugins(Optional.empty(), new RotatingBalancer(), List.of(), Monitors.none(), "");
    }
}
