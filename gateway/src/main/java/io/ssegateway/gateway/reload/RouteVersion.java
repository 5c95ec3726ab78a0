package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RoutePlugins;

/**
 * One route as one reload built it: the runtime route, its plugin instances, the factory that made it (for its
 * health checks) and what it was built from. A reload that leaves a route unchanged carries the same version into
 * the next generation, plugin instances and all.
 *
 * @param route   the runtime route
 * @param plugins its plugin instances, closed when no generation still in use has this version
 * @param factory the factory that made it
 * @param key     what it was built from
 */
record RouteVersion(Route route, RoutePlugins plugins, RouteFactory factory, RouteKey key) {
    String id() {
        return route.id();
    }
}
