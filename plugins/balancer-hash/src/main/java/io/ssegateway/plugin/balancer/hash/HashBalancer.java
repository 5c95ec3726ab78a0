package io.ssegateway.plugin.balancer.hash;

import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.balancer.Balancer;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends every request with the same key to the same upstream while the usable set is unchanged. A ring is built
 * per usable set and kept, so picks while upstreams come and go do not rebuild it each time.
 */
final class HashBalancer implements Balancer {
    /** Rings kept at most; the usable sets of a route are few, so this is only a bound against growth. */
    private static final int MAX_RINGS = 64;

    private final RequestKey key;
    private final int virtualNodes;
    private final ConcurrentHashMap<Set<URI>, HashRing> rings = new ConcurrentHashMap<>();

    HashBalancer(RequestKey key, int virtualNodes) {
        this.key = key;
        this.virtualNodes = virtualNodes;
    }

    @Override
    public URI pick(List<URI> usable, RequestView request) {
        return ringOf(Set.copyOf(usable)).owner(Hash64.of(key.of(request)));
    }

    private HashRing ringOf(Set<URI> usable) {
        HashRing ring = rings.get(usable);
        if (ring == null) {
            if (rings.size() >= MAX_RINGS) {
                rings.clear();
            }
            ring = rings.computeIfAbsent(usable, members -> HashRing.of(members, virtualNodes));
        }
        return ring;
    }
}
