package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.sse.BlockFields;
import io.ssegateway.gateway.sse.EventBoundaryTracker;
import io.ssegateway.gateway.sse.EventTooLargeException;
import io.ssegateway.gateway.sse.FieldLineCollector;
import io.ssegateway.gateway.stream.StreamState;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Relays an event stream byte for byte without parsing events: each read is scanned for block ends, the complete
 * blocks of a read are written as they came, in one write, and the client is flushed once the upstream has nothing
 * more already received. The bytes of an unfinished block wait until the block is complete, so the client's stream
 * stands between blocks: heartbeats, a drain's {@code retry:} and a resumed upstream's events can follow safely.
 * A block of {@link #CUT_THROUGH} bytes or more whose rest has not arrived yet is written as it arrives instead
 * (cut-through), so a large event sent slowly reaches the client as it goes, as without a proxy (one whose rest is
 * already here is still written whole, in fewer writes); such a block still counts against {@code max-event-size}, and
 * if its upstream breaks before it ends the client's stream ends too (no resume: the client, which discards the
 * unfinished event, reconnects with the last complete event's id). With resume on, each block's {@code id}/{@code
 * retry} is read (no other parsing; the scan for block ends notes the lines that may be those fields; a cut-through
 * block's are collected as it passes), and after a resume the blocks whose id was already relayed are dropped, which
 * needs the whole block: a resumed upstream's blocks are never cut through.
 */
public final class PassthroughLoop extends RelayLoop {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Complete blocks of one read written at most together (bounds {@link #runLengths}). */
    private static final int MAX_RUN = 64;
    /** An unfinished block of this many bytes, the rest of which is not here yet, is written as it arrives. */
    static final int CUT_THROUGH = 256 * 1024;

    /**
     * What becomes of an upstream's leading BOM. Only the client stream's very first bytes may be a BOM: one at the
     * start of a resumed upstream, or after anything was written (a heartbeat too), is dropped.
     */
    private enum LeadingBom {
        /** No byte of this upstream body yet: decided at its first byte. */
        UNDECIDED,
        /** This upstream body's first bytes are matched against the BOM and dropped as long as they match. */
        DROPPING,
        /** Decided: whatever comes is relayed as it came. */
        PASSED
    }

    private final EventBoundaryTracker tracker;
    private final long maxEventSize;
    private final boolean trackIds;
    private final BlockFields fields = new BlockFields();
    /** The field lines of the block being cut through; made for the first such block. */
    private FieldLineCollector cutFields;
    /**
     * The length so far of the block being cut through: its bytes so far are written, the client's stream stands
     * inside it ({@link ClientOutput.Position#IN_BLOCK} or {@link ClientOutput.Position#IN_BLOCK_AT_LINE_START}).
     */
    private long cutLength;
    /** The bytes of an unfinished block, held until it is complete (or cut through). */
    private byte[] carry = new byte[0];
    private int carryLen;
    private LeadingBom leadingBom = LeadingBom.UNDECIDED;
    private int bomDropped;
    /** The next complete block is this upstream body's first (which may start with a BOM the tracker kept). */
    private boolean firstBlock;
    // the complete blocks of this read not written yet: lengths of the first and of the others (a busy stream's)
    private int runCount;
    private int firstRunLength;
    private int[] runLengths;

    public PassthroughLoop(StreamState stream, OutputStream out, long maxEventSize, boolean trackIds) {
        super(stream, out, ClientOutput.eventStream());
        this.maxEventSize = maxEventSize;
        this.trackIds = trackIds;
        this.tracker = new EventBoundaryTracker(trackIds);
    }

    @Override
    void upstreamStarted() {
        tracker.reset();
        output.position(ClientOutput.Position.BETWEEN_BLOCKS); // a cut-through block of a broken upstream ended it
        firstBlock = true;
        carryLen = 0;
        leadingBom = LeadingBom.UNDECIDED;
        bomDropped = 0;
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        int pos = 0;
        if (leadingBom == LeadingBom.UNDECIDED) {
            // a BOM is only meaningful at the very start of the client's stream
            leadingBom = upstream == Upstream.RESUMED || output.started() ? LeadingBom.DROPPING : LeadingBom.PASSED;
        }
        if (leadingBom == LeadingBom.DROPPING) {
            while (pos < n && bomDropped < BOM.length && buffer[pos] == BOM[bomDropped]) {
                pos++;
                bomDropped++;
            }
            if (pos < n || bomDropped == BOM.length) {
                leadingBom = LeadingBom.PASSED;
            }
        }
        if (!output.betweenBlocks()) {
            pos = cutThrough(pos, n, readAt);
        } else if (carryLen == 0 && pos < n && buffer[pos] == '\n' && tracker.expectsLf()) {
            // the LF of a CRLF whose CR ended the block already written: it belongs right after it
            tracker.nextBlockEnd(buffer, pos, pos + 1);
            out.write(buffer, pos, 1);
            pos++;
            output.wrote();
        }
        // the complete blocks that lie in the buffer go out together, in one write per read: buffer[runStart, pos)
        int runStart = pos;
        while (pos < n) {
            int end = tracker.nextBlockEnd(buffer, pos, n);
            if (end < 0) {
                keep(pos, n);
                if (carryLen >= CUT_THROUGH && !(trackIds && upstream == Upstream.RESUMED) && nothingMoreArrived()) {
                    writeRun(runStart, pos, readAt); // the blocks before it go first
                    startCutThrough();
                }
                break;
            }
            if (carryLen > 0) { // the block began in an earlier read: it is the first of this one
                keep(pos, end);
                if (accepted(carry, 0, carryLen, false)) {
                    out.write(carry, 0, carryLen);
                    written(carryLen, readAt);
                }
                carryLen = 0;
                runStart = end;
            } else if (!accepted(buffer, pos, end, true)) {
                writeRun(runStart, pos, readAt);
                runStart = end;
            } else if (addToRun(end - pos) == MAX_RUN) {
                writeRun(runStart, end, readAt);
                runStart = end;
            }
            pos = end;
        }
        writeRun(runStart, pos, readAt);
        if (output.unflushed() && in.available() == 0) { // events that came in together leave with one flush
            out.flush();
            output.flushed();
        }
    }

    /** Writes the next bytes of the block being cut through, up to its end if that is in {@code buffer[pos, n)}. */
    private int cutThrough(int pos, int n, long readAt) throws IOException {
        int end = tracker.nextBlockEnd(buffer, pos, n);
        int to = end < 0 ? n : end;
        cutLength += to - pos;
        if (cutLength > maxEventSize) {
            throw new EventTooLargeException(maxEventSize);
        }
        if (trackIds) {
            cutFields.add(buffer, pos, to);
        }
        out.write(buffer, pos, to - pos);
        output.wrote();
        if (end < 0) {
            output.position(insideBlock());
        } else {
            output.position(ClientOutput.Position.BETWEEN_BLOCKS);
            if (trackIds) {
                fields.read(cutFields.bytes(), 0, cutFields.length());
                accept(cutFields.bytes());
            }
            written((int) cutLength, readAt);
        }
        return to;
    }

    /** Writes the unfinished block held so far and relays the rest of it as it comes. */
    private void startCutThrough() throws IOException {
        if (trackIds) {
            if (cutFields == null) {
                cutFields = new FieldLineCollector();
            }
            cutFields.reset();
            int from = firstBlock && startsWithBom(carry, 0, carryLen) ? BOM.length : 0;
            cutFields.add(carry, from, carryLen);
        }
        out.write(carry, 0, carryLen);
        output.wrote();
        output.position(insideBlock());
        cutLength = carryLen;
        carryLen = 0;
    }

    /** Where the client's stream stands inside the block being cut through, all of whose bytes so far are written. */
    private ClientOutput.Position insideBlock() {
        // only a comment line fits, and only at a line start
        return tracker.position() == EventBoundaryTracker.Position.AT_LINE_START
                ? ClientOutput.Position.IN_BLOCK_AT_LINE_START : ClientOutput.Position.IN_BLOCK;
    }

    @Override
    public boolean upstreamBetweenBlocks() {
        return output.betweenBlocks() && carryLen == 0;
    }

    @Override
    void flushPartial() {
        if (carryLen > 0) {
            try {
                out.write(carry, 0, carryLen);
            } catch (IOException | RuntimeException e) {
                // the client is gone
            }
            carryLen = 0;
        }
    }

    /**
     * Reads a complete block's id and retry (with resume on) and tells whether it goes to the client: not when it
     * repeats an id relayed before a resume. {@code scanned} says the tracker's last call scanned the whole block.
     */
    private boolean accepted(byte[] b, int off, int end, boolean scanned) {
        if (!trackIds) {
            return true;
        }
        int lines = scanned ? tracker.fieldLineCount() : -1;
        if (lines >= 0) {
            fields.readLines(b, tracker.fieldLines(), lines, end);
        } else {
            fields.read(b, firstBlock && startsWithBom(b, off, end) ? off + BOM.length : off, end);
        }
        return accept(b);
    }

    /** Takes the fields just read from {@code b}; false when the block repeats an id relayed before a resume. */
    private boolean accept(byte[] b) {
        firstBlock = false;
        if (fields.hasRetry()) {
            resumePoint.retry(fields.retry());
        }
        if (fields.hasId()) {
            if (upstream == Upstream.RESUMED && resumePoint.ids.seen(b, fields.idStart(), fields.idEnd())) {
                return false;
            }
            resumePoint.ids.written(b, fields.idStart(), fields.idEnd());
        }
        return true;
    }

    /** Whether {@code b[off, end)} starts with a BOM (which, before the stream's first block, is no line's). */
    private static boolean startsWithBom(byte[] b, int off, int end) {
        return end - off >= BOM.length && b[off] == BOM[0] && b[off + 1] == BOM[1] && b[off + 2] == BOM[2];
    }

    /** Notes one more complete block of the buffer to write; returns how many are waiting. */
    private int addToRun(int length) {
        if (runCount == 0) {
            firstRunLength = length;
        } else {
            if (runLengths == null) {
                runLengths = new int[MAX_RUN];
            }
            runLengths[runCount] = length;
        }
        return ++runCount;
    }

    /** Writes the waiting blocks, {@code buffer[from, to)}, in one write and counts each as an event. */
    private void writeRun(int from, int to, long readAt) throws IOException {
        if (runCount == 0) {
            return;
        }
        out.write(buffer, from, to - from);
        long nanos = System.nanoTime() - readAt;
        stream.counted(runCount, to - from);
        Monitors monitors = stream.route().monitors();
        for (int k = 0; k < runCount; k++) {
            monitors.event(stream, k == 0 ? firstRunLength : runLengths[k], nanos);
        }
        runCount = 0;
        output.wrote();
    }

    /** Counts one block just written as an event. */
    private void written(int length, long readAt) {
        output.wrote();
        stream.counted(1, length);
        stream.route().monitors().event(stream, length, System.nanoTime() - readAt);
    }

    /** Keeps the bytes of an unfinished block; more than max-event-size of them ends the stream. */
    private void keep(int from, int to) throws EventTooLargeException {
        int len = to - from;
        if (carryLen + len > maxEventSize) {
            throw new EventTooLargeException(maxEventSize);
        }
        if (carryLen + len > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carryLen + len, Math.max(256, carry.length * 2)));
        }
        System.arraycopy(buffer, from, carry, carryLen, len);
        carryLen += len;
    }
}
