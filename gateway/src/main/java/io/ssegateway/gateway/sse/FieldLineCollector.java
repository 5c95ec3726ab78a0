package io.ssegateway.gateway.sse;

import java.util.Arrays;

/**
 * Keeps, of a block that arrives and leaves in pieces, only the lines that may be {@code id} or {@code retry} fields
 * (those starting with {@code i} or {@code r}), each ended by LF, so {@link BlockFields#read} can read the block's
 * fields once it is complete without the block having been kept whole. Lines may be split across pieces, at any
 * byte and between the CR and LF of a CRLF. Reusable; not thread safe.
 */
public final class FieldLineCollector {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private byte[] lines = new byte[64];
    private int length;
    private boolean lineStart = true;
    private boolean keeping;

    /** Starts a new block, whose first byte starts a line. */
    public void reset() {
        length = 0;
        lineStart = true;
        keeping = false;
    }

    /** Takes the next piece of the block, {@code buf[off, end)}. */
    public void add(byte[] buf, int off, int end) {
        int i = off;
        while (i < end) {
            if (lineStart) {
                byte b = buf[i];
                if (b == CR || b == LF) {
                    i++; // an empty line, or the LF of a CRLF
                    continue;
                }
                lineStart = false;
                keeping = b == 'i' || b == 'r';
            }
            int lineEnd = LineEnds.next(buf, i, end);
            if (keeping) {
                append(buf, i, lineEnd - i);
            }
            if (lineEnd < end) {
                if (keeping) {
                    lines[length++] = LF; // append left room for it
                }
                lineStart = true;
                keeping = false;
                i = lineEnd + 1;
            } else {
                i = end;
            }
        }
    }

    /** The kept lines: {@code bytes()[0, length())}, whole lines each ended by LF once the block is complete. */
    public byte[] bytes() {
        return lines;
    }

    /** How many bytes of {@link #bytes()} hold kept lines. */
    public int length() {
        return length;
    }

    /** Appends {@code buf[off, off + len)} and leaves room for one more byte. */
    private void append(byte[] buf, int off, int len) {
        if (length + len + 1 > lines.length) {
            lines = Arrays.copyOf(lines, Math.max(length + len + 1, lines.length * 2));
        }
        System.arraycopy(buf, off, lines, length, len);
        length += len;
    }
}
