package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.sse.EventBoundaryTracker;
import io.ssegateway.gateway.sse.EventTooLargeException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Relays an event stream byte for byte: bytes are written as they come and flushed whenever an event is
 * complete, so no event waits in a buffer. The upstream's bytes are never parsed into events here, only scanned
 * for block ends. Heartbeats go in only where they cannot split an event. An event (or a line) still open after
 * {@code max-event-size} bytes ends the stream, so an upstream cannot make the client buffer without bound.
 */
final class PassthroughLoop extends RelayLoop {
    private static final byte[] HEARTBEAT_BLOCK = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEARTBEAT_LINE = ":\n".getBytes(StandardCharsets.US_ASCII);

    private final EventBoundaryTracker tracker = new EventBoundaryTracker();
    private final long maxEventSize;

    PassthroughLoop(RelayStream stream, InputStream in, OutputStream out, long maxEventSize) {
        super(stream, in, out);
        this.maxEventSize = maxEventSize;
        stream.heartbeat(this::beat);
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        boolean eventEnded = tracker.scan(buffer, 0, n);
        if (tracker.openBytes() > maxEventSize) {
            throw new EventTooLargeException(maxEventSize); // an endless line or event: end the stream
        }
        out.write(buffer, 0, n);
        if (eventEnded) {
            out.flush();
            stream.counted(1, n);
            stream.route().monitors().event(stream, n, System.nanoTime() - readAt);
        } else {
            stream.counted(0, n);
        }
    }

    /** Writes a comment if the stream is between events (or between an event's lines); false if the write failed. */
    private boolean beat() {
        if (!stream.writeLock.tryLock()) {
            return true; // the loop is writing: the stream is not silent
        }
        try {
            byte[] beat = switch (tracker.position()) {
            case AT_BLOCK_START -> HEARTBEAT_BLOCK;
            case AT_LINE_START -> HEARTBEAT_LINE;
            case MID_LINE -> null;
            };
            if (beat == null) {
                return true;
            }
            stream.writeStarted(System.nanoTime());
            out.write(beat);
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            stream.writeDone();
            stream.writeLock.unlock();
        }
    }
}
