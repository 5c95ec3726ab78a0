package io.ssegateway.spi.balancer;

import io.ssegateway.spi.Plugin;
import io.ssegateway.spi.RequestView;

import java.net.URI;
import java.util.List;

/**
 * Picks upstreams for new streams of one route; one instance per route, called from many threads at once.
 *
 * <p>After each {@link #pick} the gateway calls exactly one of {@link #streamOpened} (the upstream answered and the
 * stream runs; {@link #streamClosed} follows when it ends) or {@link #pickDropped} (the upstream will carry no
 * stream) with the upstream the pick returned. A balancer that counts streams can therefore count one at once in
 * {@code pick}, as a reservation, so that simultaneous picks see each other, and settle it in the hook that follows.
 * The gateway {@linkplain Plugin#close() closes} it once when done with it.
 */
public interface Balancer extends Plugin {
    /**
     * Picks one of {@code usable} (never empty) for this request. Called concurrently for simultaneous requests;
     * the answer should be one of {@code usable} (anything else is replaced by its first element).
     *
     * @param usable  the route's upstreams that may take a stream now, in configuration order
     * @param request the client's request
     * @return the upstream the stream goes to
     */
    URI pick(List<URI> usable, RequestView request);

    /**
     * A stream to this upstream opened: the upstream answered the request {@link #pick} chose it for (also when a
     * broken stream is resumed on it).
     *
     * @param upstream the upstream, as {@link #pick} returned it
     */
    default void streamOpened(URI upstream) {
    }

    /**
     * A stream to this upstream closed; it follows each {@link #streamOpened} once.
     *
     * @param upstream the upstream, as {@link #pick} returned it
     */
    default void streamClosed(URI upstream) {
    }

    /**
     * The upstream {@link #pick} returned will carry no stream: connecting to it failed or timed out, it answered
     * 5xx and another upstream is tried, a resume found it answering something other than an event stream, or the
     * client left before the stream began. A balancer that reserved a stream in {@code pick} releases it here; the
     * default does nothing, which suits balancers that count only opened streams.
     *
     * @param upstream the upstream, as {@link #pick} returned it
     */
    default void pickDropped(URI upstream) {
    }
}
