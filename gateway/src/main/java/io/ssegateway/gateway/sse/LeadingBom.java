package io.ssegateway.gateway.sse;

/**
 * Skips a UTF-8 byte order mark at the very start of an event stream, also when it is split across reads. Bytes
 * that began like a BOM but turned out not to be one are reported once by {@link #takeFalseStart()}, so the caller
 * can treat them as content. Not thread safe.
 */
final class LeadingBom {
    /** The BOM's bytes. */
    static final byte[] BYTES = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private boolean deciding = true;
    private int matched;
    private int falseStart;

    /** Skips what is a BOM from {@code i} while the stream's start is being decided; returns the next index. */
    int skip(byte[] buf, int i, int end) {
        while (deciding && i < end) {
            if (buf[i] == BYTES[matched]) {
                i++;
                if (++matched == BYTES.length) {
                    deciding = false;
                }
            } else {
                deciding = false;
                falseStart = matched;
            }
        }
        return i;
    }

    /**
     * How many skipped bytes turned out not to be a BOM (they are {@code BYTES[0..n)}); non-zero once, after the
     * {@link #skip} that found out, and 0 from then on.
     */
    int takeFalseStart() {
        int n = falseStart;
        falseStart = 0;
        return n;
    }

    /** Whether some bytes were skipped as the start of a BOM and it is not decided yet whether they are one. */
    boolean pending() {
        return deciding && matched > 0;
    }

    /** Starts over, as for a new stream. */
    void reset() {
        deciding = true;
        matched = 0;
        falseStart = 0;
    }
}
