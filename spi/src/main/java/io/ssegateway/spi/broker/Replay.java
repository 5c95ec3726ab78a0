package io.ssegateway.spi.broker;

import java.util.List;

/**
 * The answer to {@link BrokerChannel#after}: the events after a given id, and whether that id was still in history.
 *
 * @param found  true when the id asked for is an event the broker still keeps, so {@code events} are exactly those
 *               published after it (no gap); false when it is not (too old, or never published on this channel),
 *               in which case {@code events} is the whole history the broker keeps
 * @param events the events, oldest first, at most the limit asked for
 * @since SPI 1.2
 */
public record Replay(boolean found, List<ChannelEvent> events) {
    /** Copies the list. */
    public Replay {
        events = List.copyOf(events);
    }
}
