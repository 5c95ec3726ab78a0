package io.ssegateway.gateway.sse;

/**
 * Follows the line and block structure of a passed-through event stream without parsing it, so the relay knows
 * when a block ended and where it may insert a comment. Follows the same rules as {@link SseParser}: CR, LF and
 * CRLF line ends (also split across reads) and a leading BOM. Not thread safe.
 */
public final class EventBoundaryTracker {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** Where the stream stands after the last scanned byte, and so what may be inserted there. */
    public enum Position {
        /** Between blocks: a whole comment block such as {@code ":\n\n"} may be inserted. */
        AT_BLOCK_START,
        /** Inside a block at the start of a line: one comment line such as {@code ":\n"} may be inserted, not a blank line. */
        AT_LINE_START,
        /** Inside a line (or just after a CR whose LF may follow): nothing may be inserted. */
        MID_LINE
    }

    private final LeadingBom bom = new LeadingBom();
    private boolean lineEmpty = true;
    private boolean blockEmpty = true;
    private boolean pendingCr;

    /** Scans {@code len} bytes of {@code buf} from {@code off}; true if at least one block ended (a blank line was completed) in them. */
    public boolean scan(byte[] buf, int off, int len) {
        int end = off + len;
        boolean ended = false;
        int i = off;
        while (i < end) {
            int blockEnd = nextBlockEnd(buf, i, end);
            if (blockEnd < 0) {
                break;
            }
            ended = true;
            i = blockEnd;
        }
        return ended;
    }

    /**
     * Scans from {@code off} up to {@code end} and stops after the first blank line: returns the index just past it
     * (past the LF of a CRLF when that LF is in the buffer), or -1 when no block ended before {@code end}. The
     * scanned bytes are part of the tracker's state either way; call again from the returned index.
     */
    public int nextBlockEnd(byte[] buf, int off, int end) {
        int i = bom.skip(buf, off, end);
        if (bom.takeFalseStart() > 0) {
            lineEmpty = false;
        }
        if (pendingCr && i < end) {
            pendingCr = false;
            if (buf[i] == LF) {
                i++;
            }
        }
        while (i < end) {
            byte b = buf[i];
            if (b != LF && b != CR) {
                lineEmpty = false;
                i = LineEnds.next(buf, i + 1, end); // the rest of the line holds no line end
                continue;
            }
            i++;
            boolean blank = lineEmpty;
            if (blank) {
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
            if (blank) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the last byte scanned was a CR, so an LF first in the next read belongs to that line end. */
    public boolean expectsLf() {
        return pendingCr;
    }

    /** Starts over, as for a new stream (a BOM is expected again at its start). */
    public void reset() {
        bom.reset();
        lineEmpty = true;
        blockEmpty = true;
        pendingCr = false;
    }

    /**
     * Where the stream stands after the last scanned byte. After a CR that ends a line inside a block this is
     * {@link Position#MID_LINE}: the next read may start with the LF of that CRLF, and after an inserted line
     * that LF would become a blank line and end the block early. Before the first byte it is
     * {@link Position#AT_BLOCK_START}, though anything inserted there pushes an upstream BOM out of first place.
     */
    public Position position() {
        if (!lineEmpty || bom.pending()) {
            return Position.MID_LINE;
        }
        if (blockEmpty) {
            return Position.AT_BLOCK_START;
        }
        return pendingCr ? Position.MID_LINE : Position.AT_LINE_START;
    }
}
