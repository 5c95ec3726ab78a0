package io.ssegateway.gateway.relay;

import io.ssegateway.spi.monitor.CloseReason;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The blocking loop that moves one upstream body to one client, on the request's virtual thread: read, write,
 * flush where the subclass says. One buffer per stream, reused for every read.
 */
abstract class RelayLoop {
    /** Bytes read from the upstream at most per read. */
    static final int BUFFER_SIZE = 8192;

    final RelayStream stream;
    final InputStream in;
    final OutputStream out;
    final byte[] buffer = new byte[BUFFER_SIZE];

    RelayLoop(RelayStream stream, InputStream in, OutputStream out) {
        this.stream = stream;
        this.in = in;
        this.out = out;
    }

    /** Relays until one side ends; returns why. */
    final CloseReason run() {
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException | RuntimeException e) {
                return ended(CloseReason.UPSTREAM_ERROR);
            }
            if (n < 0) {
                return ended(CloseReason.UPSTREAM_ENDED);
            }
            if (n == 0) {
                continue;
            }
            long readAt = System.nanoTime();
            stream.activity(readAt);
            stream.writeLock.lock();
            try {
                stream.writeStarted(readAt);
                relay(n, readAt);
            } catch (IOException | RuntimeException e) {
                return ended(CloseReason.CLIENT_GONE);
            } finally {
                stream.writeDone();
                stream.writeLock.unlock();
            }
        }
    }

    /** Writes the {@code n} bytes just read into {@link #buffer} and flushes as the stream needs. */
    abstract void relay(int n, long readAt) throws IOException;

    /** The reason to report: an abort from outside wins over what the loop saw. */
    private CloseReason ended(CloseReason seen) {
        CloseReason aborted = stream.abortReason();
        return aborted != null ? aborted : seen;
    }
}
