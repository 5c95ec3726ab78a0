package io.ssegateway.gateway.helidon;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PlainSocket;

import java.lang.reflect.Field;

/**
 * The read buffer of one Helidon plain (or TLS) socket, resized for a long-lived stream. Helidon gives every socket
 * a fixed 8 KiB buffer, two per stream (client and upstream connection), which was a third of a quiet stream's
 * memory (S3: 5,000 streams). A socket read fills at most this buffer and Helidon copies what it read, so a
 * smaller one only means smaller reads: the client side of a stream reads nothing after its request, and on the
 * upstream side the relay's chunked body reads the socket into its own buffer, so Helidon's is not used after the
 * head. The field is Helidon's {@code private final} one, set by reflection
 * ({@link HelidonInternals#PLAIN_SOCKET_READ_BUFFER}); where that fails the socket keeps its 8 KiB and everything
 * works as before.
 */
public final class SocketReadBuffer {
    private static final Field BUFFER = HelidonInternals.PLAIN_SOCKET_READ_BUFFER.field();

    private final PlainSocket socket;
    private int size;

    private SocketReadBuffer(PlainSocket socket, int size) {
        this.socket = socket;
        this.size = size;
    }

    /** The buffer of {@code socket}, or null if it is not a plain/TLS socket or resizing does not work here. */
    public static SocketReadBuffer of(HelidonSocket socket) {
        if (BUFFER == null || !(socket instanceof PlainSocket plain)) {
            return null;
        }
        try {
            return new SocketReadBuffer(plain, ((byte[]) BUFFER.get(plain)).length);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The buffer's size now. */
    public int size() {
        return size;
    }

    /**
     * Replaces the buffer with one of {@code newSize} bytes; call only from the thread that reads the socket, between
     * reads (Helidon copies each read out of the buffer, so nothing in it is lost).
     */
    public void resize(int newSize) {
        if (newSize == size) {
            return;
        }
        try {
            BUFFER.set(socket, new byte[newSize]);
            size = newSize;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // keeps the buffer it has
        }
    }
}
