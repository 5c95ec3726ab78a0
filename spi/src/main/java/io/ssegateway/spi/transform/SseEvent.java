package io.ssegateway.spi.transform;

import java.util.List;
import java.util.Objects;

/**
 * One parsed event as the WHATWG rules define it. A {@code null} id, type or retry means the event carried no
 * such field. Data lines are joined with LF.
 *
 * @param id       the {@code id} field of this event, or null
 * @param type     the {@code event} field, or null (a client then dispatches {@code message})
 * @param data     the data lines joined with LF; empty when there were none
 * @param retry    the {@code retry} field in milliseconds, or null
 * @param comments comment lines without the leading colon, in order
 */
public record SseEvent(String id, String type, String data, Long retry, List<String> comments) {
    /** Copies the comments. */
    public SseEvent {
        Objects.requireNonNull(data, "data");
        comments = List.copyOf(comments);
    }

    /** An event with only data. */
    public static SseEvent of(String data) {
        return new SseEvent(null, null, data, null, List.of());
    }

    /** The type a client dispatches: the {@code event} field, else {@code message}. */
    public String effectiveType() {
        return type == null || type.isEmpty() ? "message" : type;
    }

    /** A copy with other data. */
    public SseEvent withData(String newData) {
        return new SseEvent(id, type, newData, retry, comments);
    }

    /** A copy with another type. */
    public SseEvent withType(String newType) {
        return new SseEvent(id, newType, data, retry, comments);
    }
}
