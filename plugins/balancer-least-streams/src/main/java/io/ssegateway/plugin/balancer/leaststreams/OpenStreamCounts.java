package io.ssegateway.plugin.balancer.leaststreams;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams per upstream: those reserved by a pick whose upstream has not answered yet, and those open. Thread-safe,
 * never negative, and upstreams at zero are forgotten. A reservation is taken in the same atomic step that checks
 * the upstream's load, so simultaneous picks see each other's streams before any upstream answers.
 */
final class OpenStreamCounts {
    /** One upstream's streams: reserved by a pick, and open. */
    private record Load(int reserved, int open) {
        int total() {
            return reserved + open;
        }

        Load orNullWhenZero() {
            return reserved == 0 && open == 0 ? null : this;
        }
    }

    private static final Load NONE = new Load(0, 0);

    private final ConcurrentHashMap<URI, Load> loads = new ConcurrentHashMap<>();

    /**
     * Reserves a stream on {@code upstream} if its load (reserved plus open) is still {@code expected}; returns
     * whether it did. Atomic per upstream: of two pickers that saw the same load, one wins and the other looks again.
     */
    boolean reserveIfStill(URI upstream, int expected) {
        boolean[] reserved = new boolean[1];
        loads.compute(upstream, (u, load) -> {
            Load now = load == null ? NONE : load;
            if (now.total() != expected) {
                return load;
            }
            reserved[0] = true;
            return new Load(now.reserved() + 1, now.open());
        });
        return reserved[0];
    }

    /** A picked upstream answered: its reservation (if any) becomes an open stream. */
    void opened(URI upstream) {
        loads.compute(upstream, (u, load) -> {
            Load now = load == null ? NONE : load;
            return new Load(Math.max(0, now.reserved() - 1), now.open() + 1);
        });
    }

    /** A picked upstream carries no stream after all: its reservation is released; one never made is ignored. */
    void dropped(URI upstream) {
        loads.computeIfPresent(upstream, (u, load) ->
                new Load(Math.max(0, load.reserved() - 1), load.open()).orNullWhenZero());
    }

    /** Counts one fewer open stream; a close without a matching open is ignored. */
    void closed(URI upstream) {
        loads.computeIfPresent(upstream, (u, load) ->
                new Load(load.reserved(), Math.max(0, load.open() - 1)).orNullWhenZero());
    }

    /** The streams reserved and open on the upstream right now. */
    int of(URI upstream) {
        return loads.getOrDefault(upstream, NONE).total();
    }

    /** The loads of {@code upstreams}, in their order. */
    int[] of(List<URI> upstreams) {
        int[] counts = new int[upstreams.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = of(upstreams.get(i));
        }
        return counts;
    }
}
