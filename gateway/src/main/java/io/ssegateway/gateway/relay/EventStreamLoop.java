package io.ssegateway.gateway.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A relay loop over an event stream whose output stands between blocks whenever the loop is not writing, so a
 * heartbeat or a final block may always go in; it keeps the ids it wrote and the upstream's {@code retry} for a
 * resume. A subclass registers {@link #beat} with {@link RelayStream#heartbeat} once it is constructed.
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
    final boolean atBlockBoundary() {
        return true;
    }

    @Override
    final String lastRelayedId() {
        return ids.last();
    }

    @Override
    final Long upstreamRetry() {
        return retry;
    }

    /** Writes a heartbeat comment unless the loop is writing (then it is not silent); false if the client is gone. */
    final boolean beat() {
        if (!stream.writeLock.tryLock()) {
            return true; // the loop is writing: the stream is not silent
        }
        try {
            stream.writeStarted(System.nanoTime());
            out.write(HEARTBEAT);
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
