package io.ssegateway.gateway.sse;

import io.ssegateway.spi.transform.SseEvent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Serializes events in event-stream form (UTF-8, LF line ends): comment lines, then {@code id}, {@code event},
 * {@code retry} and {@code data} lines, then a blank line. Values that could smuggle in a line end (and so a
 * field or an event of their own) are refused, so parsing the output gives back the same event.
 */
public final class SseEventWriter {
    private static final byte[] ID = {'i', 'd'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};
    private static final byte[] DATA = {'d', 'a', 't', 'a'};

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
        // straight to UTF-8 bytes: a StringBuilder and a copy at the end cost most of a transformed event
        byte[] data = event.data().getBytes(StandardCharsets.UTF_8);
        Block out = new Block(data.length + 64);
        for (String comment : event.comments()) {
            refuseLineEnds("comment", comment);
            out.put((byte) ':').put(comment.getBytes(StandardCharsets.UTF_8)).put((byte) '\n');
        }
        if (event.id() != null) {
            refuseLineEnds("id", event.id());
            if (event.id().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("id contains NUL, which clients ignore");
            }
            field(out, ID, event.id().getBytes(StandardCharsets.UTF_8));
        }
        if (event.type() != null) {
            refuseLineEnds("event type", event.type());
            field(out, EVENT, event.type().getBytes(StandardCharsets.UTF_8));
        }
        if (event.retry() != null) {
            if (event.retry() < 0) {
                throw new IllegalArgumentException("retry must not be negative (got: " + event.retry() + ")");
            }
            field(out, RETRY, event.retry().toString().getBytes(StandardCharsets.US_ASCII));
        }
        if (dispatch) {
            data(out, data);
        }
        out.put((byte) '\n');
        return out.bytes();
    }

    /** One data line per line of the value (CR, LF and CRLF end a line; in UTF-8 those bytes are only line ends). */
    private static void data(Block out, byte[] data) {
        int start = 0;
        int n = data.length;
        for (int i = 0; i < n; i++) {
            byte c = data[i];
            if (c == '\r' || c == '\n') {
                field(out, DATA, data, start, i);
                if (c == '\r' && i + 1 < n && data[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        field(out, DATA, data, start, n);
    }

    private static void field(Block out, byte[] name, byte[] value) {
        field(out, name, value, 0, value.length);
    }

    private static void field(Block out, byte[] name, byte[] value, int from, int to) {
        out.put(name).put((byte) ':');
        if (to > from) {
            out.put((byte) ' ').put(value, from, to - from);
        }
        out.put((byte) '\n');
    }

    private static void refuseLineEnds(String what, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " contains CR or LF, which would end the line early");
        }
    }

    /** A growing byte array for one block. */
    private static final class Block {
        private byte[] bytes;
        private int length;

        Block(int capacity) {
            bytes = new byte[capacity];
        }

        Block put(byte b) {
            ensure(1);
            bytes[length++] = b;
            return this;
        }

        Block put(byte[] b) {
            return put(b, 0, b.length);
        }

        Block put(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
            return this;
        }

        byte[] bytes() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
