package io.ssegateway.gateway.route;

import io.ssegateway.gateway.observe.GatewayHealth;
import io.ssegateway.gateway.resilience.UpstreamHealth;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Health as the admin side sees it: draining from the gateway, upstreams from each route's {@link UpstreamHealth}. */
public final class RoutesHealth implements GatewayHealth {
    private final Map<String, UpstreamHealth> byRoute;
    private final BooleanSupplier draining;

    /** Health over these routes; {@code draining} says whether the gateway is stopping. */
    public RoutesHealth(List<Route> routes, BooleanSupplier draining) {
        this.byRoute = routes.stream().collect(Collectors.toMap(Route::id, Route::health, (a, b) -> a));
        this.draining = draining;
    }

    @Override
    public boolean draining() {
        return draining.getAsBoolean();
    }

    @Override
    public boolean usable(String routeId, URI upstream) {
        UpstreamHealth health = byRoute.get(routeId);
        return health != null && health.usable(List.of()).contains(upstream);
    }

}
