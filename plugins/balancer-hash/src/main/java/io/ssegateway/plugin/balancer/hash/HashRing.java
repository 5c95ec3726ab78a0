package io.ssegateway.plugin.balancer.hash;

import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;

/**
 * An immutable consistent-hash ring: each upstream owns {@code virtualNodes} points, and a key belongs to the
 * first point at or after its hash (wrapping). Points depend only on the upstream, so a ring without one upstream
 * gives that upstream's keys to the next points along and leaves every other key where it was.
 */
final class HashRing {
    private final long[] points;
    private final URI[] owners;

    private HashRing(long[] points, URI[] owners) {
        this.points = points;
        this.owners = owners;
    }

    /** A ring of these upstreams, each with {@code virtualNodes} points. */
    static HashRing of(Set<URI> upstreams, int virtualNodes) {
        Point[] all = new Point[upstreams.size() * virtualNodes];
        int n = 0;
        for (URI upstream : upstreams) {
            String base = upstream.toString();
            for (int i = 0; i < virtualNodes; i++) {
                all[n++] = new Point(Hash64.of(base + "#" + i), upstream, base);
            }
        }
        // equal points are ordered by upstream so the ring does not depend on iteration order
        Arrays.sort(all, Comparator.comparingLong(Point::position).thenComparing(Point::name));
        long[] points = new long[all.length];
        URI[] owners = new URI[all.length];
        for (int i = 0; i < all.length; i++) {
            points[i] = all[i].position();
            owners[i] = all[i].owner();
        }
        return new HashRing(points, owners);
    }

    /** The upstream owning a key's hash. */
    URI owner(long keyHash) {
        int i = Arrays.binarySearch(points, keyHash);
        if (i < 0) {
            i = -i - 1;
        }
        return owners[i == points.length ? 0 : i];
    }

    private record Point(long position, URI owner, String name) {
    }
}
