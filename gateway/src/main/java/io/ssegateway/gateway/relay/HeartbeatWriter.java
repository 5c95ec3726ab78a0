package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.stream.StreamState;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a heartbeat comment to a client whose upstream is silent; the supervisor runs it off its own thread. What
 * goes in depends only on where the client's stream stands ({@link ClientOutput}): a comment block between blocks,
 * one comment line at a line start inside a block being cut through, nothing inside a line, while the loop is
 * writing, or once the response is ending.
 */
final class HeartbeatWriter implements StreamState.Heartbeat {
    private static final byte[] COMMENT_BLOCK = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMENT_LINE = {':', '\n'};

    private final StreamState stream;
    private final OutputStream out;
    private final ClientOutput output;

    HeartbeatWriter(StreamState stream, OutputStream out, ClientOutput output) {
        this.stream = stream;
        this.out = out;
        this.output = output;
    }

    /** Writes a heartbeat comment unless the loop is writing (then it is not silent); false if the client is gone. */
    @Override
    public boolean beat() {
        if (!stream.writeLock.tryLock()) {
            return true; // the loop is writing: the stream is not silent
        }
        try {
            if (output.ended()) {
                return true; // the response is ending: nothing may go in
            }
            byte[] beat = bytesNow();
            if (beat == null) {
                return true; // the client has part of an event: it is not silent either
            }
            stream.writeStarted(System.nanoTime());
            out.write(beat);
            out.flush();
            output.heartbeatWritten();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            stream.writeDone();
            stream.writeLock.unlock();
        }
    }

    /** What a heartbeat writes now: a comment block, a comment line, or null when nothing may go in. */
    byte[] bytesNow() {
        return switch (output.position()) {
        case BETWEEN_BLOCKS -> COMMENT_BLOCK;
        case IN_BLOCK_AT_LINE_START -> COMMENT_LINE;
        case IN_BLOCK, NO_BLOCKS -> null;
        };
    }
}
