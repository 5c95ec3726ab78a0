package io.ssegateway.plugin.balancer.leaststreams;

import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.balancer.Balancer;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the usable upstream with the fewest open streams. Ties are broken round-robin over the tied upstreams,
 * so upstreams with equal counts share new streams evenly.
 */
final class LeastStreamsBalancer implements Balancer {
    private final OpenStreamCounts open = new OpenStreamCounts();
    private final AtomicLong turn = new AtomicLong();

    @Override
    public URI pick(List<URI> usable, RequestView request) {
        int size = usable.size();
        int[] counts = new int[size];
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            counts[i] = open.of(usable.get(i));
            fewest = Math.min(fewest, counts[i]);
        }
        int tied = 0;
        for (int count : counts) {
            if (count == fewest) {
                tied++;
            }
        }
        int chosen = (int) Math.floorMod(turn.getAndIncrement(), (long) tied);
        for (int i = 0; i < size; i++) {
            if (counts[i] == fewest && chosen-- == 0) {
                return usable.get(i);
            }
        }
        throw new IllegalStateException("no upstream among " + usable);
    }

    @Override
    public void streamOpened(URI upstream) {
        open.opened(upstream);
    }

    @Override
    public void streamClosed(URI upstream) {
        open.closed(upstream);
    }
}
