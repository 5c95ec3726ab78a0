package io.ssegateway.plugin.balancer.roundrobin;

import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.balancer.Balancer;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Hands each new stream to the next usable upstream in list order; safe to call from many threads. */
final class RoundRobinBalancer implements Balancer {
    private final AtomicLong turn = new AtomicLong();

    @Override
    public URI pick(List<URI> usable, RequestView request) {
        int index = (int) Math.floorMod(turn.getAndIncrement(), (long) usable.size());
        return usable.get(index);
    }
}
