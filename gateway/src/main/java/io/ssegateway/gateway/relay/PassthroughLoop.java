package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.sse.EventBoundaryTracker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Relays an event stream byte for byte: bytes are written as they come and flushed once an event is complete and
 * the upstream has no more bytes already received, so no event waits in a buffer, and events that arrived together
 * leave together. The upstream's bytes are never parsed into events here, only scanned
 * for block ends. Heartbeats go in only where they cannot split an event.
 */
final class PassthroughLoop extends RelayLoop {
    private static final byte[] HEARTBEAT_BLOCK = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEARTBEAT_LINE = ":\n".getBytes(StandardCharsets.US_ASCII);

    private final EventBoundaryTracker tracker = new EventBoundaryTracker();
    private int unflushedEvents;
    private long unflushedBytes;
    private long firstUnflushedRead;

    PassthroughLoop(RelayStream stream, InputStream in, OutputStream out) {
        super(stream, in, out);
        stream.heartbeat(this::beat);
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        out.write(buffer, 0, n);
        long endedBefore = tracker.blocksEnded();
        tracker.scan(buffer, 0, n);
        int ended = (int) (tracker.blocksEnded() - endedBefore);
        stream.counted(ended, n);
        if (ended > 0 && unflushedEvents == 0) {
            firstUnflushedRead = readAt;
        }
        unflushedEvents += ended;
        unflushedBytes += n;
        // events that came in together go out with one flush: flush once the upstream has nothing more buffered,
        // so a complete event never waits for a read that could block
        if (unflushedEvents > 0 && in.available() == 0) {
            out.flush();
            Monitors monitors = stream.route().monitors();
            if (!monitors.isEmpty()) {
                long nanos = System.nanoTime() - firstUnflushedRead;
                for (int i = 0; i < unflushedEvents; i++) {
                    monitors.event(stream, (int) (unflushedBytes / unflushedEvents), nanos);
                }
            }
            unflushedEvents = 0;
            unflushedBytes = 0;
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
