package io.ssegateway.gateway.route;

import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.transform.EventTransform;

import java.util.ArrayList;
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
 * @param instances   every instance above that the gateway closes when it stops, with its plugin name
 */
public record RoutePlugins(Optional<Authenticator> auth, Balancer balancer, List<EventTransform> transforms,
                           Monitors monitors, String description, List<PluginInstance> instances) {
    /** Copies the instances. */
    public RoutePlugins {
        instances = List.copyOf(instances);
    }

    /**
     * Plugins not made from the catalog (the gateway's own, or a test's): the auth, balancer and transform instances
     * are named for the log by their class, the monitors by the names {@link Monitors} has for them.
     */
    public RoutePlugins(Optional<Authenticator> auth, Balancer balancer, List<EventTransform> transforms,
                        Monitors monitors, String description) {
        this(auth, balancer, transforms, monitors, description, byClass(auth, balancer, transforms, monitors));
    }

    /** No plugins but a rotating balancer: what a route gets when it names none and no balancer plugin is loaded. */
    public static RoutePlugins none() {
        return new RoutePlugins(Optional.empty(), new RotatingBalancer(), List.of(), Monitors.none(), "");
    }

    private static List<PluginInstance> byClass(Optional<Authenticator> auth, Balancer balancer,
                                                List<EventTransform> transforms, Monitors monitors) {
        List<PluginInstance> instances = new ArrayList<>();
        auth.ifPresent(a -> instances.add(new PluginInstance("auth", a.getClass().getName(), a)));
        instances.add(new PluginInstance("balancer", balancer.getClass().getName(), balancer));
        for (EventTransform t : transforms) {
            instances.add(new PluginInstance("transform", t.getClass().getName(), t));
        }
        instances.addAll(monitors.instances());
        return instances;
    }
}
