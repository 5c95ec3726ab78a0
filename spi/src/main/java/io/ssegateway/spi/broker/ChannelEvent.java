package io.ssegateway.spi.broker;

import java.util.Objects;

/**
 * One event of a channel, as published and as delivered.
 *
 * @param id    the event's id, as subscribers see it in {@code id:} and send back in {@code Last-Event-ID}; empty in an
 *              event handed to {@link BrokerChannel#publish} when the publisher set none, so that the broker gives it
 *              one; never empty in an event a broker returns. Never contains CR, LF or NUL.
 * @param event the event type ({@code event:}); empty for none, which subscribers see as {@code message}. Never
 *              contains CR or LF.
 * @param data  the event's data; a line feed in it becomes a new {@code data:} line on the wire. May be empty.
 * @since SPI 1.2
 */
public record ChannelEvent(String id, String event, String data) {
    /** Checks that no component is null. */
    public ChannelEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }

    /** The same event with the given id: what a broker returns for an event it gave an id to. */
    public ChannelEvent withId(String newId) {
        return new ChannelEvent(newId, event, data);
    }
}
