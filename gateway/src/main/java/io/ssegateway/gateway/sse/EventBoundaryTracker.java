package io.ssegateway.gateway.sse;

/**
 * Follows the line and block structure of a passed-through event stream without parsing it, so the relay knows
 * when a block ended and where it may insert a comment. Follows the same rules as {@link SseParser}: CR, LF and
 * CRLF line ends (also split across reads) and a leading BOM. Not thread safe.
 */
public final class EventBoundaryTracker {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Where the stream stands after the last scanned byte, and so what may be inserted there. */
    public enum Position {
        /** Between blocks: a whole comment block such as {@code ":\n\n"} may be inserted. */
        AT_BLOCK_START,
        /** Inside a block at the start of a line: one comment line such as {@code ":\n"} may be inserted, not a blank line. */
        AT_LINE_START,
        /** Inside a line (or just after a CR whose LF may follow): nothing may be inserted. */
        MID_LINE
    }

    private boolean atStreamStart = true;
    private int bomMatched;
    private boolean lineEmpty = true;
    private boolean blockEmpty = true;
    private boolean pendingCr;
    private long blocksEnded;

    /** Scans {@code len} bytes of {@code buf} from {@code off}; true if at least one block ended (a blank line was completed) in them. */
    public boolean scan(byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        while (atStreamStart && i < end) {
            if (buf[i] == BOM[bomMatched]) {
                i++;
                if (++bomMatched == BOM.length) {
                    atStreamStart = false;
                }
            } else {
                atStreamStart = false;
                if (bomMatched > 0) {
                    lineEmpty = false;
                }
            }
        }
        if (pendingCr && i < end) {
            pendingCr = false;
            if (buf[i] == LF) {
                i++;
            }
        }
        boolean ended = false;
        while (i < end) {
            byte b = buf[i++];
            if (b == LF || b == CR) {
                if (lineEmpty) {
                    ended = true;
                    blocksEnded++;
                    blockEmpty = true;
                } else {
                    lineEmpty = true;
                    blockEmpty = false;
                }
                if (b == CR) {
                    if (i == end) {
                        pendingCr = true;
                    } else if (buf[i] == LF) {
                        i++;
                    }
                }
            } else {
                lineEmpty = false;
            }
        }
        return ended;
    }

    /** How many blocks ended (blank lines were completed) in all the bytes scanned so far. */
    public long blocksEnded() {
        return blocksEnded;
    }

    /**
     * Where the stream stands after the last scanned byte. After a CR that ends a line inside a block this is
     * {@link Position#MID_LINE}: the next read may start with the LF of that CRLF, and after an inserted line
     * that LF would become a blank line and end the block early. Before the first byte it is
     * {@link Position#AT_BLOCK_START}, though anything inserted there pushes an upstream BOM out of first place.
     */
    public Position position() {
        if (!lineEmpty || (atStreamStart && bomMatched > 0)) {
            return Position.MID_LINE;
        }
        if (blockEmpty) {
            return Position.AT_BLOCK_START;
        }
        return pendingCr ? Position.MID_LINE : Position.AT_LINE_START;
    }
}
