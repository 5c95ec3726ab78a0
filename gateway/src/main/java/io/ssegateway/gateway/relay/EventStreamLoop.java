package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.sse.RelayedIds;
import io.ssegateway.gateway.stream.RelayStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A relay loop over an event stream whose output stands between blocks whenever the loop is not writing (except
 * inside a cut-through block), so a heartbeat or a final block may go in; it keeps the ids it wrote and the
 * upstream's {@code retry} for a resume. A subclass registers {@link #beat} with {@link RelayStream#heartbeat} once
 * it is constructed.
 */
abstract class EventStreamLoop extends RelayLoop {
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The ids of the events written to the client. */
    final RelayedIds ids = new RelayedIds();
    /** The upstream's last {@code retry:} value in ms, or null. */
    Long retry;

    EventStreamLoop(RelayStream stream, OutputStream out) {
        super(stream, out);
    }

    @Override
    public final boolean atBlockBoundary() {
        return !midBlock();
    }

    /** Whether part of a block is written and the rest still to come (only a cut-through block leaves it so). */
    boolean midBlock() {
        return false;
    }

    /** What a heartbeat writes now: a comment block, or null when nothing may be inserted. Under the write lock. */
    byte[] heartbeatBytes() {
        return HEARTBEAT;
    }

    @Override
    public final String lastRelayedId() {
        return ids.last();
    }

    @Override
    public final Long upstreamRetry() {
        return retry;
    }

    /** Writes a heartbeat comment unless the loop is writing (then it is not silent); false if the client is gone. */
    final boolean beat() {
        if (!stream.writeLock.tryLock()) {
            return true; // the loop is writing: the stream is not silent
        }
        try {
            if (finished) {
                return true; // the response is ending: nothing may go in
            }
            byte[] beat = heartbeatBytes();
            if (beat == null) {
                return true; // the client has part of an event: it is not silent either
            }
            stream.writeStarted(System.nanoTime());
            out.write(beat);
            out.flush();
            heartbeatWritten();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            stream.writeDone();
            stream.writeLock.unlock();
        }
    }

    /** A heartbeat was just written, under the write lock. */
    void heartbeatWritten() {
    }
}
