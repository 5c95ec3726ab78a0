package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.stream.RelayStream;

import java.io.IOException;
import java.io.OutputStream;

/** Relays a body that is not an event stream: bytes as they come, flushed after every read (no buffering). */
public final class PlainCopyLoop extends RelayLoop {
    public PlainCopyLoop(RelayStream stream, OutputStream out) {
        super(stream, out);
    }

    @Override
    public boolean upstreamBetweenBlocks() {
        return true; // not an event stream: any end is its end
    }

    @Override
    public boolean atBlockBoundary() {
        return false;
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        out.write(buffer, 0, n);
        out.flush();
        stream.counted(0, n);
    }
}
