package io.ssegateway.plugin.balancer.leaststreams;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/** Open streams per upstream; thread-safe, never negative, and upstreams at zero are forgotten. */
final class OpenStreamCounts {
    private final ConcurrentHashMap<URI, Integer> counts = new ConcurrentHashMap<>();

    /** Counts one more open stream to the upstream. */
    void opened(URI upstream) {
        counts.merge(upstream, 1, Integer::sum);
    }

    /** Counts one fewer; a close without a matching open is ignored. */
    void closed(URI upstream) {
        counts.computeIfPresent(upstream, (u, n) -> n <= 1 ? null : n - 1);
    }

    /** The open streams to the upstream right now. */
    int of(URI upstream) {
        return counts.getOrDefault(upstream, 0);
    }
}
