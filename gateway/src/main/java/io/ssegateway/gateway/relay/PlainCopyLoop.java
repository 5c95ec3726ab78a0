package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.stream.StreamState;

import java.io.IOException;
import java.io.OutputStream;

/** Relays a body that is not an event stream: bytes as they come, flushed after every read (no buffering). */
public final class PlainCopyLoop extends RelayLoop {
    public PlainCopyLoop(StreamState stream, OutputStream out) {
        super(stream, out, ClientOutput.plain());
    }

    @Override
    public boolean upstreamBetweenBlocks() {
        return true; // not an event stream: any end is its end
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        out.write(buffer, 0, n);
        out.flush();
        stream.counted(0, n);
    }
}
