package io.ssegateway.gateway.observe;

import java.util.List;

/**
 * The channels (and polled sources, which are served like channels) as the dashboard shows them.
 *
 * @param rows one per channel or polled route, in config order
 */
public record ChannelsView(List<Row> rows) {
    /** No channels. */
    public static final ChannelsView NONE = new ChannelsView(List.of());

    /** Copies the list. */
    public ChannelsView {
        rows = List.copyOf(rows);
    }

    /**
     * One channel or polled route.
     *
     * @param id          the channel's (or route's) id
     * @param path        where it is published to and subscribed at
     * @param source      {@code broker <type>} for a channel, {@code poll} for a polled route
     * @param state       its follower's (or poller's) state, lower case
     * @param subscribers streaming subscribers now
     * @param published   events published (or polled changes) so far
     * @param delivered   events written to subscribers so far
     * @param history     events kept for replay now
     * @param errors      broker (or origin) errors so far
     * @param gaps        subscribers whose {@code Last-Event-ID} was no longer in history
     */
    public record Row(String id, String path, String source, String state, int subscribers, long published,
                      long delivered, int history, long errors, long gaps) {
    }
}
