package io.ssegateway.gateway.route;

import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.balancer.Balancer;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's fallback balancer, used only when a route names none and no {@code least-streams} plugin is loaded. */
final class RotatingBalancer implements Balancer {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public URI pick(List<URI> usable, RequestView request) {
        return usable.get(Math.floorMod(next.getAndIncrement(), usable.size()));
    }
}
