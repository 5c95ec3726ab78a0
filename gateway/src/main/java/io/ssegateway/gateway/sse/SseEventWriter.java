package io.ssegateway.gateway.sse;

import io.ssegateway.spi.transform.SseEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Serializes events in event-stream form (UTF-8, LF line ends): comment lines, then {@code id}, {@code event},
 * {@code retry} and {@code data} lines, then a blank line. Values that could smuggle in a line end (and so a
 * field or an event of their own) are refused, so parsing the output gives back the same event. An instance keeps
 * one buffer for the blocks it writes (a relay loop's); not thread safe.
 */
public final class SseEventWriter {
    private static final byte[] ID = {'i', 'd'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final int FIRST_CAPACITY = 256;
    /** A buffer grown past this by a large event is dropped after it, so a stream does not keep it. */
    private static final int KEPT_CAPACITY = 16 * 1024;

    private byte[] bytes;
    private int length;

    /** A writer whose buffer starts small and grows with the events it writes. */
    public SseEventWriter() {
        this(FIRST_CAPACITY);
    }

    private SseEventWriter(int capacity) {
        bytes = new byte[capacity];
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
        SseEventWriter writer = new SseEventWriter(event.data().length() + 64);
        writer.encode(event, dispatch);
        return writer.length == writer.bytes.length ? writer.bytes : Arrays.copyOf(writer.bytes, writer.length);
    }

    /**
     * Writes the block that dispatches {@code event} to {@code out} in one write and returns its length. Nothing is
     * written when the event is refused.
     *
     * @throws IllegalArgumentException as {@link #write(SseEvent, boolean)}
     * @throws IOException              if {@code out} throws it
     */
    public int writeTo(SseEvent event, OutputStream out) throws IOException {
        encode(event, true);
        int n = length;
        out.write(bytes, 0, n);
        if (bytes.length > KEPT_CAPACITY) {
            bytes = new byte[FIRST_CAPACITY];
        }
        return n;
    }

    private void encode(SseEvent event, boolean dispatch) {
        length = 0;
        if (!dispatch && !event.data().isEmpty()) {
            throw new IllegalArgumentException("a block that does not dispatch cannot carry data");
        }
        for (String comment : event.comments()) {
            refuseLineEnds("comment", comment);
            put((byte) ':').put(comment.getBytes(StandardCharsets.UTF_8)).put((byte) '\n');
        }
        if (event.id() != null) {
            refuseLineEnds("id", event.id());
            if (event.id().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("id contains NUL, which clients ignore");
            }
            field(ID, event.id().getBytes(StandardCharsets.UTF_8));
        }
        if (event.type() != null) {
            refuseLineEnds("event type", event.type());
            field(EVENT, event.type().getBytes(StandardCharsets.UTF_8));
        }
        if (event.retry() != null) {
            if (event.retry() < 0) {
                throw new IllegalArgumentException("retry must not be negative (got: " + event.retry() + ")");
            }
            field(RETRY, event.retry().toString().getBytes(StandardCharsets.US_ASCII));
        }
        if (dispatch) {
            data(event.data().getBytes(StandardCharsets.UTF_8));
        }
        put((byte) '\n');
    }

    /** One data line per line of the value (CR, LF and CRLF end a line; in UTF-8 those bytes are only line ends). */
    private void data(byte[] data) {
        int n = data.length;
        int start = 0;
        while (true) {
            int i = LineEnds.next(data, start, n);
            field(DATA, data, start, i);
            if (i == n) {
                return;
            }
            if (data[i] == '\r' && i + 1 < n && data[i + 1] == '\n') {
                i++;
            }
            start = i + 1;
        }
    }

    private void field(byte[] name, byte[] value) {
        field(name, value, 0, value.length);
    }

    private void field(byte[] name, byte[] value, int from, int to) {
        put(name).put((byte) ':');
        if (to > from) {
            put((byte) ' ').put(value, from, to - from);
        }
        put((byte) '\n');
    }

    private static void refuseLineEnds(String what, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " contains CR or LF, which would end the line early");
        }
    }

    private SseEventWriter put(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    private SseEventWriter put(byte[] b) {
        return put(b, 0, b.length);
    }

    private SseEventWriter put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, length, len);
        length += len;
        return this;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
