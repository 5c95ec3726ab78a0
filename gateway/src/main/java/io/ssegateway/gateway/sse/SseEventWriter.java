package io.ssegateway.gateway.sse;

import io.ssegateway.spi.transform.SseEvent;

import java.nio.charset.StandardCharsets;

/**
 * Serializes events in event-stream form (UTF-8, LF line ends): comment lines, then {@code id}, {@code event},
 * {@code retry} and {@code data} lines, then a blank line. Values that could smuggle in a line end (and so a
 * field or an event of their own) are refused, so parsing the output gives back the same event.
 */
public final class SseEventWriter {
    private SseEventWriter() {
    }

    /** The block that dispatches {@code event}: always at least one {@code data} line, even for empty data. */
    public static byte[] write(SseEvent event) {
        return write(event, true);
    }

    /**
     * The block for {@code event}. With {@code dispatch} false no {@code data} line is written (the block only
     * carries comments, id or retry) and the event's data must be empty.
     *
     * @throws IllegalArgumentException if the id has CR, LF or NUL, the type or a comment has CR or LF, the
     *                                  retry is negative, or a non-dispatching event has data
     */
    public static byte[] write(SseEvent event, boolean dispatch) {
        if (!dispatch && !event.data().isEmpty()) {
            throw new IllegalArgumentException("a block that does not dispatch cannot carry data");
        }
        StringBuilder out = new StringBuilder(event.data().length() + 32);
        for (String comment : event.comments()) {
            refuseLineEnds("comment", comment);
            out.append(':').append(comment).append('\n');
        }
        if (event.id() != null) {
            refuseLineEnds("id", event.id());
            if (event.id().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("id contains NUL, which clients ignore");
            }
            field(out, "id", event.id());
        }
        if (event.type() != null) {
            refuseLineEnds("event type", event.type());
            field(out, "event", event.type());
        }
        if (event.retry() != null) {
            if (event.retry() < 0) {
                throw new IllegalArgumentException("retry must not be negative (got: " + event.retry() + ")");
            }
            field(out, "retry", event.retry().toString());
        }
        if (dispatch) {
            data(out, event.data());
        }
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void data(StringBuilder out, String data) {
        int start = 0;
        int n = data.length();
        for (int i = 0; i < n; i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                field(out, "data", data.substring(start, i));
                if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        field(out, "data", data.substring(start));
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name).append(':');
        if (!value.isEmpty()) {
            out.append(' ').append(value);
        }
        out.append('\n');
    }

    private static void refuseLineEnds(String what, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " contains CR or LF, which would end the line early");
        }
    }
}
