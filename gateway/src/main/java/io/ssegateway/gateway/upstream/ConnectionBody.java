package io.ssegateway.gateway.upstream;

import io.helidon.common.buffers.DataReader;
import io.helidon.webclient.api.ClientConnection;
import io.ssegateway.gateway.helidon.SocketInput;
import io.ssegateway.gateway.helidon.SocketReset;

import java.io.IOException;
import java.io.InputStream;

/**
 * An upstream body that is not chunked, read straight from the connection: exactly a declared length, or (with no
 * length) everything until the upstream closes the connection. Either way the connection is never handed back to
 * WebClient's pool: {@link #close} resets and closes it. WebClient's own stream for a body without a length hands the
 * connection back to its pool when the body ends or the response is closed early (it counts such a body as empty), so
 * a later request was sent on a connection the origin was still writing an endless body on, or had closed.
 * <p>
 * The bytes the connection's reader already holds (read with the response head) come first; then the socket is read
 * directly where it can be reached ({@link SocketInput}), through the reader otherwise.
 */
final class ConnectionBody extends InputStream {
    /** The declared length of a body that ends when the connection does. */
    static final long UNTIL_CLOSE = -1;

    private final DataReader reader;
    private final InputStream socket;
    private final ClientConnection connection;
    private final boolean untilClose;
    private long left;

    /** A body of {@code length} bytes ({@link #UNTIL_CLOSE}: until the upstream closes) on {@code connection}. */
    ConnectionBody(ClientConnection connection, long length) {
        this.connection = connection;
        this.reader = connection.reader();
        this.socket = SocketInput.of(connection.helidonSocket());
        this.left = length;
        this.untilClose = length == UNTIL_CLOSE;
    }

    /** Whether only the upstream's close ends this body (it declared no length). */
    boolean untilClose() {
        return untilClose;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (left == 0) {
            return -1;
        }
        int want = left > 0 ? (int) Math.min(len, left) : len;
        int n;
        if (reader.available() > 0) {
            n = Math.min(want, reader.available());
            reader.readBuffer(n).read(b, off, n);
        } else if (socket != null) {
            do {
                n = socket.read(b, off, want);
            } while (n == 0);
        } else {
            try {
                reader.ensureAvailable();
            } catch (DataReader.InsufficientDataAvailableException e) {
                return ended(-1);
            } catch (RuntimeException e) {
                throw new IOException("upstream connection failed", e);
            }
            n = Math.min(want, reader.available());
            reader.readBuffer(n).read(b, off, n);
        }
        return ended(n);
    }

    private int ended(int n) throws IOException {
        if (n < 0) {
            if (left > 0) {
                throw new IOException("upstream closed the connection " + left + " bytes before the end of the body"
                                      + " it declared");
            }
            return -1;
        }
        if (left > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public int available() {
        int buffered = reader.available();
        return left >= 0 ? (int) Math.min(left, buffered) : buffered;
    }

    /** Resets and closes the connection; a read blocked on another thread then fails. */
    @Override
    public void close() {
        SocketReset.onClose(connection.helidonSocket());
        connection.closeResource();
    }
}
