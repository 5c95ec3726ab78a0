package io.ssegateway.gateway.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Relays a body that is not an event stream: bytes as they come, flushed after every read (no buffering). */
final class PlainCopyLoop extends RelayLoop {
    PlainCopyLoop(RelayStream stream, InputStream in, OutputStream out) {
        super(stream, in, out);
    }

    @Override
    void relay(int n, long readAt) throws IOException {
        out.write(buffer, 0, n);
        out.flush();
        stream.counted(0, n);
    }
}
