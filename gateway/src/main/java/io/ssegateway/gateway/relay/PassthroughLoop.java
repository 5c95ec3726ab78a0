package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.sse.BlockFields;
import io.ssegateway.gateway.sse.EventBoundaryTracker;
import io.ssegateway.gateway.sse.EventTooLargeException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Relays an event stream byte for byte without parsing events: each read is scanned for block ends, every complete
 * block is written as it came and the client is flushed once the upstream has nothing more already received. The bytes of an
 * unfinished block wait (at most {@code max-event-size}) until the block is complete, so the client's stream always
 * stands between blocks: heartbeats, a drain's {@code retry:} and a resumed upstream's events can always follow
 * safely. With resume on, each block's {@code id}/{@code retry} is read (no other parsing), and after a resume the
 * blocks whose id was already relayed are dropped.
 */
final class PassthroughLoop extends EventStreamLoop {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final EventBoundaryTracker tracker = new EventBoundaryTracker();
    private final long maxEventSize;
    private final boolean trackIds;
    private final BlockFields fields = new BlockFields();
    private byte[] carry = new byte[0];
    private int carryLen;
    private boolean started;
    private boolean resumed;
    private boolean wroteAnything;
    private boolean wrote;
    private boolean seenBytes;
    private int bomSkipped;
    private boolean stripBom;

    PassthroughLoop(RelayStream stream, OutputStream out, long maxEventSize, boolean trackIds) {
        super(stream, out);
        this.maxEventSize = maxEventSize;
        this.trackIds = trackIds;
        stream.heartbeat(this::beat);
    }

    @Override
    void upstreamStarted() {
        resumed = started;
        started = true;
        if (resumed) {
            ids.resumed();
        }
        tracker.reset();
        carryLen = 0;
        bomSkipped = 0;
        seenBytes = false;
        // a BOM is only meaningful at the very start of the client's stream
        stripBom = resumed || wroteAnything;
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        int pos = 0;
        if (stripBom) {
            while (pos < n && bomSkipped < BOM.length && buffer[pos] == BOM[bomSkipped]) {
                pos++;
                bomSkipped++;
            }
            if (pos < n || bomSkipped == BOM.length) {
                stripBom = false;
            }
        }
        seenBytes = true;
        if (carryLen == 0 && pos < n && buffer[pos] == '\n' && tracker.expectsLf()) {
            // the LF of a CRLF whose CR ended the block already written: it belongs right after it
            tracker.nextBlockEnd(buffer, pos, pos + 1);
            out.write(buffer, pos, 1);
            pos++;
            wrote = true;
        }
        while (pos < n) {
            int end = tracker.nextBlockEnd(buffer, pos, n);
            if (end < 0) {
                keep(pos, n);
                break;
            }
            if (carryLen > 0) {
                keep(pos, end);
                wrote |= block(carry, 0, carryLen, readAt);
                carryLen = 0;
            } else {
                wrote |= block(buffer, pos, end, readAt);
            }
            pos = end;
        }
        if (wrote && in.available() == 0) { // events that came in together leave with one flush
            out.flush();
            wrote = false;
        }
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

    /** Writes one complete block unless it repeats an id relayed before a resume; true if written. */
    private boolean block(byte[] b, int off, int end, long readAt) throws IOException {
        if (trackIds) {
            fields.read(b, off, end);
            if (fields.hasRetry()) {
                retry = fields.retry();
            }
            if (fields.hasId()) {
                if (resumed && ids.seen(b, fields.idStart(), fields.idEnd())) {
                    return false;
                }
                ids.written(b, fields.idStart(), fields.idEnd());
            }
        }
        int len = end - off;
        out.write(b, off, len);
        wroteAnything = true;
        stream.counted(1, len);
        stream.route().monitors().event(stream, len, System.nanoTime() - readAt);
        return true;
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

    @Override
    void heartbeatWritten() {
        wroteAnything = true;
        if (!seenBytes) {
            stripBom = true;
        }
    }
}
