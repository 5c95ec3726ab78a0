package io.ssegateway.gateway.route;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Matches request paths to routes: a route's path matches itself and what lies below it at a '/' boundary; the longest wins. */
public final class RouteTable {
    private final List<Route> byLongestPath;

    /** A table over these routes. */
    public RouteTable(List<Route> routes) {
        this.byLongestPath = routes.stream()
                .sorted(Comparator.comparingInt((Route r) -> r.settings().path().length()).reversed())
                .toList();
    }

    /** The route for a decoded, normalised request path. */
    public Optional<Route> match(String path) {
        for (Route route : byLongestPath) {
            if (matches(route.settings().path(), path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** All routes, longest path first. */
    public List<Route> routes() {
        return byLongestPath;
    }

    static boolean matches(String prefix, String path) {
        if (prefix.equals("/")) {
            return path.startsWith("/");
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
