package io.ssegateway.gateway.sse;

import java.nio.charset.StandardCharsets;

/**
 * Reads the {@code id} and {@code retry} fields of one complete block of raw bytes, as the WHATWG rules define them
 * (an id containing NUL is ignored; retry only if all ASCII digits), without parsing anything else. Used by the
 * passthrough relay to remember where a stream is, so it can be resumed. Reusable; not thread safe.
 */
public final class BlockFields {
    private byte[] buf;
    private int idStart;
    private int idEnd;
    private String id;
    private boolean hasId;
    private long retry;
    private boolean hasRetry;

    /** Reads the block in {@code buf[off, end)}, which holds whole lines. */
    public void read(byte[] buf, int off, int end) {
        clear(buf);
        int i = off;
        while (i < end) {
            int lineEnd = LineEnds.next(buf, i, end);
            field(buf, i, lineEnd);
            i = lineEnd + 1;
            if (i < end && buf[lineEnd] == '\r' && buf[i] == '\n') {
                i++;
            }
        }
    }

    /**
     * Reads a block in {@code buf} that ends at {@code end} from only the lines starting at the first {@code count}
     * entries of {@code lineStarts}: the same result as {@link #read} when those are all the block's lines that
     * start with {@code i} or {@code r} (the only ones that can be id or retry fields), in order.
     */
    public void readLines(byte[] buf, int[] lineStarts, int count, int end) {
        clear(buf);
        for (int k = 0; k < count; k++) {
            int start = lineStarts[k];
            field(buf, start, LineEnds.next(buf, start, end));
        }
    }

    private void clear(byte[] buf) {
        hasId = false;
        hasRetry = false;
        idStart = -1;
        id = null;
        this.buf = buf;
    }

    /** Whether the block had an (acceptable) id field. */
    public boolean hasId() {
        return hasId;
    }

    /** The block's last id field value, decoded from UTF-8 on first use (call before the buffer read changes). */
    public String id() {
        if (id == null && hasId) {
            id = new String(buf, idStart, idEnd - idStart, StandardCharsets.UTF_8);
        }
        return id;
    }

    /** Where the last id field's value starts in the buffer last read (its raw UTF-8 bytes). */
    public int idStart() {
        return idStart;
    }

    /** Where the last id field's value ends in the buffer last read. */
    public int idEnd() {
        return idEnd;
    }

    /** Whether the block had a valid retry field. */
    public boolean hasRetry() {
        return hasRetry;
    }

    /** The block's last valid retry value in ms. */
    public long retry() {
        return retry;
    }

    private void field(byte[] buf, int start, int end) {
        if (end - start >= 2 && buf[start] == 'i' && buf[start + 1] == 'd' && (end - start == 2 || buf[start + 2] == ':')) {
            int v = valueStart(buf, start + 2, end);
            for (int k = v; k < end; k++) {
                if (buf[k] == 0) {
                    return;
                }
            }
            idStart = v;
            idEnd = end;
            id = null;
            hasId = true;
        } else if (end - start >= 5 && buf[start] == 'r' && buf[start + 1] == 'e' && buf[start + 2] == 't'
                && buf[start + 3] == 'r' && buf[start + 4] == 'y' && (end - start == 5 || buf[start + 5] == ':')) {
            int v = valueStart(buf, start + 5, end);
            if (v == end || end - v > 18) {
                return;
            }
            long value = 0;
            for (int k = v; k < end; k++) {
                if (buf[k] < '0' || buf[k] > '9') {
                    return;
                }
                value = value * 10 + (buf[k] - '0');
            }
            retry = value;
            hasRetry = true;
        }
    }

    private static int valueStart(byte[] buf, int afterName, int end) {
        if (afterName >= end) {
            return end;
        }
        int v = afterName + 1; // past ':'
        if (v < end && buf[v] == ' ') {
            v++;
        }
        return v;
    }
}
