package io.ssegateway.gateway.helidon;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PlainSocket;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.Socket;

/**
 * The stream a Helidon plain (or TLS) socket reads from, for a reader that keeps its own buffer (the relay's
 * ChunkedBody), and the end of that input ({@link #shutdown}). Helidon has no public way to either: its private
 * fields are read by reflection ({@link HelidonInternals#PLAIN_SOCKET_INPUT_STREAM},
 * {@link HelidonInternals#PLAIN_SOCKET_DELEGATE}); where that fails the socket is read through Helidon's reader,
 * which is slower but the same, and a read waiting on it is not ended early.
 */
public final class SocketInput {
    private static final Field INPUT = HelidonInternals.PLAIN_SOCKET_INPUT_STREAM.field();
    private static final Field DELEGATE = HelidonInternals.PLAIN_SOCKET_DELEGATE.field();

    private SocketInput() {
    }

    /** The stream under {@code socket}, or null if it is not a plain/TLS socket or cannot be reached here. */
    public static InputStream of(HelidonSocket socket) {
        if (INPUT == null || !(socket instanceof PlainSocket plain)) {
            return null;
        }
        try {
            return (InputStream) INPUT.get(plain);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Shuts the input of {@code socket} (a read waiting on it ends, its output stays open); returns false if it is
     * not a plain/TLS socket, cannot be reached here, or is closed.
     */
    public static boolean shutdown(HelidonSocket socket) {
        if (DELEGATE == null || !(socket instanceof PlainSocket plain)) {
            return false;
        }
        try {
            ((Socket) DELEGATE.get(plain)).shutdownInput();
            return true;
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            return false;
        }
    }
}
