package io.ssegateway.gateway.observe;

import java.util.List;

/**
 * The shared streams (routes with {@code share}) as the dashboard shows them.
 *
 * @param streams      the shared streams open now (at most {@link #MAX_ROWS})
 * @param open         shared upstream streams open now
 * @param clients      clients on them now
 * @param opened       shared upstream streams opened so far
 * @param saved        upstream streams saved so far: clients that joined a stream instead of opening one
 * @param replays      clients served missed events from a replay buffer
 * @param replayMisses clients whose {@code Last-Event-ID} was not in a replay buffer (they got private streams)
 * @param caughtUp     clients served privately that joined a shared stream once caught up
 * @param slowClients  clients closed for falling behind by more than {@code max-queue}
 */
public record SharedStreamsView(List<Row> streams, int open, long clients, long opened, long saved, long replays,
                                long replayMisses, long caughtUp, long slowClients) {
    /** Rows shown at most. */
    public static final int MAX_ROWS = 50;
    /** No shared streams (no route has {@code share}). */
    public static final SharedStreamsView NONE = new SharedStreamsView(List.of(), 0, 0, 0, 0, 0, 0, 0, 0);

    /** Copies the list. */
    public SharedStreamsView {
        streams = List.copyOf(streams);
    }

    /**
     * One shared stream.
     *
     * @param routeId the route
     * @param path    the upstream path (no query, no key headers: they may hold secrets)
     * @param state   its lifecycle state, lower case
     * @param clients clients on it now
     * @param events  events it relayed
     */
    public record Row(String routeId, String path, String state, int clients, long events) {
    }
}
