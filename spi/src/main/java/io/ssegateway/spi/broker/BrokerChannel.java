package io.ssegateway.spi.broker;

import java.util.List;
import java.util.Optional;

/**
 * One channel in a broker: publish to it, replay its history, follow it live. Obtained from
 * {@link Broker#channel(String, ChannelHistory)}; safe to use from many threads at once.
 *
 * @since SPI 1.2
 */
public interface BrokerChannel {
    /** The channel's name, as configured ({@code channels = [ { id = "news" ... } ]}). */
    String name();

    /**
     * Appends events, all or none, in the order given. An event with an empty {@link ChannelEvent#id()} gets one from
     * the broker; ids the broker gives grow monotonically within the channel (comparing as the broker documents), so
     * a subscriber's {@code Last-Event-ID} always names a position. An event with an id keeps it; publishers that set
     * ids are responsible for their uniqueness.
     *
     * @param events the events to append, at least one
     * @return the events as stored, with their ids, in the same order
     * @throws BrokerUnavailableException when the broker cannot be reached; then none of the events was appended
     */
    List<ChannelEvent> publish(List<ChannelEvent> events) throws BrokerUnavailableException;

    /**
     * The events published after the event with id {@code lastEventId}, from history.
     *
     * @param lastEventId the id a subscriber last saw
     * @param limit       the most events to return (the oldest ones first); at least 1
     * @return the events, and whether {@code lastEventId} was still in history
     * @throws BrokerUnavailableException when the broker cannot be reached
     */
    Replay after(String lastEventId, int limit) throws BrokerUnavailableException;

    /**
     * The newest event in history, if any: what a subscriber that joins without {@code Last-Event-ID} may be given
     * first (a polled source's latest value).
     *
     * @throws BrokerUnavailableException when the broker cannot be reached
     */
    Optional<ChannelEvent> latest() throws BrokerUnavailableException;

    /**
     * Opens a live reader. With an empty {@code afterId} it starts at the newest event now in the channel (it returns
     * only events published after this call); with an id it starts after that event when it is in history, else at the
     * newest event now.
     *
     * @param afterId where to start, or empty for "from now"
     * @return the follower; the caller closes it
     * @throws BrokerUnavailableException when the broker cannot be reached
     */
    ChannelFollower follow(Optional<String> afterId) throws BrokerUnavailableException;
}
