package io.ssegateway.plugin.balancer.leaststreams;

import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.balancer.Balancer;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks the usable upstream with the fewest streams, counting those already picked but not yet answered. Ties are
 * broken round-robin over the tied upstreams, so upstreams with equal counts share new streams evenly.
 *
 * <p>The pick reserves its stream in the same atomic step that checks the upstream's count
 * ({@link OpenStreamCounts#reserveIfStill}); when another picker got there first, it looks again. So simultaneous
 * requests spread evenly even while their upstreams have not answered yet, and a slow upstream does not draw every
 * request that arrives while it is still counted empty.
 */
final class LeastStreamsBalancer implements Balancer {
    private final OpenStreamCounts counts = new OpenStreamCounts();
    private final AtomicLong turn = new AtomicLong();

    @Override
    public URI pick(List<URI> usable, RequestView request) {
        while (true) {
            int[] loads = counts.of(usable);
            int fewest = Integer.MAX_VALUE;
            for (int load : loads) {
                fewest = Math.min(fewest, load);
            }
            int tied = 0;
            for (int load : loads) {
                if (load == fewest) {
                    tied++;
                }
            }
            int chosen = (int) Math.floorMod(turn.getAndIncrement(), (long) tied);
            for (int i = 0; i < loads.length; i++) {
                if (loads[i] == fewest && chosen-- == 0) {
                    if (counts.reserveIfStill(usable.get(i), fewest)) {
                        return usable.get(i);
                    }
                    break;
                }
            }
        }
    }

    @Override
    public void streamOpened(URI upstream) {
        counts.opened(upstream);
    }

    @Override
    public void streamClosed(URI upstream) {
        counts.closed(upstream);
    }

    @Override
    public void pickDropped(URI upstream) {
        counts.dropped(upstream);
    }
}
