package io.ssegateway.gateway.sse;

import io.ssegateway.spi.transform.SseEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An incremental event-stream parser following the WHATWG HTML "event stream interpretation" rules. Bytes come
 * in chunks of any size; the {@link Listener} hears of every block (each blank line ends one) with its parsed
 * fields and its exact bytes. At most one block is buffered; one that grows past {@code maxEventSize} bytes
 * fails the stream with {@link EventTooLargeException}. Not thread safe; after any exception it is unusable.
 */
public final class SseParser {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] ID = {'i', 'd'};
    private static final byte[] RETRY = {'r', 'e', 't', 'r', 'y'};
    /** A quiet stream's block buffer: it doubles as blocks need (a relay buffer starts at 256 B too). */
    private static final int INITIAL_CAPACITY = 256;
    private static final int KEPT_CAPACITY = 64 * 1024;

    /** Hears of each block of the stream, in order. */
    @FunctionalInterface
    public interface Listener {
        /** Called at each blank line with the block it ended; an exception stops the parser. */
        void onEvent(ParsedEvent event) throws IOException;
    }

    private final long maxEventSize;
    private final int maxCapacity;
    private final Listener listener;

    // the current block's bytes; the current line starts at lineStart
    private byte[] block;
    private int blockLen;
    private int lineStart;

    private final LeadingBom bom = new LeadingBom();
    private boolean skipLf;
    private boolean closed;

    // the current block's fields
    // the first data line's value; later data lines are joined in data (most events have one)
    private String firstData;
    private final StringBuilder data = new StringBuilder();
    private final StringBuilder scratch = new StringBuilder();
    private final List<String> comments = new ArrayList<>();
    private boolean sawData;
    private String type;
    private String id;
    private Long retry;

    // the stream's state
    private String lastEventIdBuffer = "";
    private String lastEventId = "";
    private Long reconnectionTime;

    /** Creates a parser that refuses blocks larger than {@code maxEventSize} bytes and reports blocks to the listener. */
    public SseParser(long maxEventSize, Listener listener) {
        if (maxEventSize <= 0) {
            throw new IllegalArgumentException("maxEventSize must be positive (got: " + maxEventSize + ")");
        }
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        this.maxEventSize = maxEventSize;
        this.maxCapacity = (int) Math.min(maxEventSize, Integer.MAX_VALUE - 8);
        this.listener = listener;
        this.block = new byte[Math.min(INITIAL_CAPACITY, maxCapacity)];
    }

    /** Parses all of {@code buf}. */
    public void feed(byte[] buf) throws IOException {
        feed(buf, 0, buf.length);
    }

    /**
     * Parses {@code len} bytes of {@code buf} from {@code off}, calling the listener for each block they end.
     *
     * @throws EventTooLargeException if the pending block grows past {@code maxEventSize}
     * @throws IOException            if the listener throws it
     */
    public void feed(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IllegalStateException("parser was ended or failed; it cannot take more input");
        }
        Objects.checkFromIndexSize(off, len, buf.length);
        boolean ok = false;
        try {
            parse(buf, off, off + len);
            ok = true;
        } finally {
            if (!ok) {
                closed = true;
            }
        }
    }

    /** Ends the stream: an unfinished block is discarded, as the rules say. */
    public void end() {
        closed = true;
        resetBlock();
    }

    /**
     * Whether the bytes parsed so far end inside a block: part of a block (or of a leading BOM) is held, waiting for
     * the rest. False at the stream's start and right after a blank line.
     */
    public boolean midBlock() {
        return blockLen > 0 || bom.pending();
    }

    /** The stream's last event ID as of the last blank line ({@code ""} until an {@code id} field sets it). */
    public String lastEventId() {
        return lastEventId;
    }

    /** The last valid {@code retry} value seen in the stream, in milliseconds, or null if none yet. */
    public Long reconnectionTime() {
        return reconnectionTime;
    }

    private void parse(byte[] buf, int i, int end) throws IOException {
        i = bom.skip(buf, i, end);
        int falseStart = bom.takeFalseStart();
        if (falseStart > 0) {
            append(LeadingBom.BYTES, 0, falseStart); // not a BOM after all: those bytes are the first line's
        }
        if (skipLf && i < end) {
            skipLf = false;
            if (buf[i] == LF) {
                // the LF of a CRLF split across reads: part of the block unless the CR ended the block
                if (blockLen > 0) {
                    append(buf, i, 1);
                    lineStart = blockLen;
                }
                i++;
            }
        }
        while (i < end) {
            int j = LineEnds.next(buf, i, end);
            if (j == end) {
                append(buf, i, end - i);
                return;
            }
            int next = j + 1;
            if (buf[j] == CR) {
                if (next < end) {
                    if (buf[next] == LF) {
                        next++;
                    }
                } else {
                    skipLf = true;
                }
            }
            int contentEnd = blockLen + (j - i);
            append(buf, i, next - i);
            i = next;
            line(lineStart, contentEnd);
        }
    }

    private void line(int start, int end) throws IOException {
        if (start == end) {
            dispatch();
            return;
        }
        lineStart = blockLen;
        byte[] b = block;
        if (b[start] == ':') {
            comments.add(decode(start + 1, end));
            return;
        }
        int colon = start;
        while (colon < end && b[colon] != ':') {
            colon++;
        }
        int valueStart = colon;
        if (colon < end) {
            valueStart = colon + 1;
            if (valueStart < end && b[valueStart] == ' ') {
                valueStart++;
            }
        }
        int fieldLen = colon - start;
        if (is(start, fieldLen, DATA)) {
            if (!sawData) {
                firstData = decode(valueStart, end);
                sawData = true;
            } else {
                if (data.isEmpty()) {
                    data.append(firstData);
                }
                data.append('\n');
                Utf8Decoding.decode(b, valueStart, end - valueStart, data);
            }
        } else if (is(start, fieldLen, EVENT)) {
            type = decode(valueStart, end);
        } else if (is(start, fieldLen, ID)) {
            if (!containsNul(valueStart, end)) {
                id = decode(valueStart, end);
                lastEventIdBuffer = id;
            }
        } else if (is(start, fieldLen, RETRY)) {
            long millis = digits(valueStart, end);
            if (millis >= 0) {
                retry = millis;
                reconnectionTime = retry;
            }
        }
    }

    private void dispatch() throws IOException {
        lastEventId = lastEventIdBuffer;
        String text = "";
        if (sawData) {
            text = data.isEmpty() ? firstData : data.toString();
        }
        ParsedEvent event = new ParsedEvent(new SseEvent(id, type, text, retry, comments), sawData, lastEventId,
                                            Arrays.copyOf(block, blockLen));
        resetBlock();
        listener.onEvent(event);
    }

    private void resetBlock() {
        blockLen = 0;
        lineStart = 0;
        firstData = null;
        data.setLength(0);
        comments.clear();
        sawData = false;
        type = null;
        id = null;
        retry = null;
        if (block.length > KEPT_CAPACITY) {
            block = new byte[Math.min(INITIAL_CAPACITY, maxCapacity)];
        }
    }

    private void append(byte[] src, int off, int len) throws EventTooLargeException {
        int needed = blockLen + len;
        if (needed > block.length) {
            if (needed > maxCapacity || needed < 0) {
                throw new EventTooLargeException(maxEventSize);
            }
            int grown = (int) Math.min(Math.max((long) block.length * 2, needed), maxCapacity);
            block = Arrays.copyOf(block, grown);
        }
        System.arraycopy(src, off, block, blockLen, len);
        blockLen = needed;
    }

    private boolean is(int start, int len, byte[] name) {
        return len == name.length && Arrays.equals(block, start, start + len, name, 0, len);
    }

    private boolean containsNul(int start, int end) {
        for (int k = start; k < end; k++) {
            if (block[k] == 0) {
                return true;
            }
        }
        return false;
    }

    // the value when start..end is one or more ASCII digits that fit a long, else -1
    private long digits(int start, int end) {
        if (start == end) {
            return -1;
        }
        long value = 0;
        for (int k = start; k < end; k++) {
            int d = block[k] - '0';
            if (d < 0 || d > 9 || value > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private String decode(int start, int end) {
        return Utf8Decoding.string(block, start, end - start, scratch);
    }
}
