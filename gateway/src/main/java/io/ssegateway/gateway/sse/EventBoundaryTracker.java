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

    /** Lines starting with {@code i} or {@code r} noted per block at most; a block with more is read whole. */
    private static final int MAX_FIELD_LINES = 8;

    private final LeadingBom bom = new LeadingBom();
    private final int[] fieldLines;
    private int fieldLineCount;
    private boolean lineEmpty = true;
    private boolean blockEmpty = true;
    private boolean pendingCr;

    /** A tracker that notes no lines. */
    public EventBoundaryTracker() {
        this(false);
    }

    /**
     * A tracker that, with {@code noteFieldLines}, notes where the lines that may be {@code id} or {@code retry}
     * fields (those starting with {@code i} or {@code r}) start in each block it returns, so that
     * {@link BlockFields#readLines} reads only those instead of the whole block.
     */
    public EventBoundaryTracker(boolean noteFieldLines) {
        fieldLines = noteFieldLines ? new int[MAX_FIELD_LINES] : null;
    }

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
        fieldLineCount = 0;
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
                if (lineEmpty && fieldLines != null && (b == 'i' || b == 'r')) {
                    noteFieldLine(i);
                }
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

    /**
     * How many lines that may be {@code id} or {@code retry} fields started in the bytes the last
     * {@link #nextBlockEnd} call scanned, or -1 if more than were noted (or lines are not noted). When that call
     * returned a block end and the block began in the same call, these are all the block's candidate lines.
     */
    public int fieldLineCount() {
        return fieldLines == null ? -1 : fieldLineCount;
    }

    /** Where those lines start in the buffer of the last call: the first {@link #fieldLineCount()} entries. */
    public int[] fieldLines() {
        return fieldLines;
    }

    private void noteFieldLine(int at) {
        if (fieldLineCount >= 0 && fieldLineCount < MAX_FIELD_LINES) {
            fieldLines[fieldLineCount++] = at;
        } else {
            fieldLineCount = -1;
        }
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
