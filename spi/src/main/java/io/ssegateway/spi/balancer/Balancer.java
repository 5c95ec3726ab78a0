package io.ssegateway.spi.balancer;

import io.ssegateway.spi.Plugin;
import io.ssegateway.spi.RequestView;

import java.net.URI;
import java.util.List;

/**
 * Picks upstreams for new streams of one route; one instance per route, called from many threads. The gateway
 * {@linkplain Plugin#close() closes} it once when done with it.
 */
public interface Balancer extends Plugin {
    /** Picks one of {@code usable} (never empty) for this request. */
    URI pick(List<URI> usable, RequestView request);

    /** A stream to this upstream opened. */
    default void streamOpened(URI upstream) {
    }

    /** A stream to this upstream closed. */
    default void streamClosed(URI upstream) {
    }
}
