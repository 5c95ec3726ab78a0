package io.ssegateway.gateway.relay;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PlainSocket;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.logging.Level;

/**
 * The stream a Helidon plain (or TLS) socket reads from, for a reader that keeps its own buffer ({@link ChunkedBody}).
 * Helidon has no public way to it: the field is its private one, read by reflection (Helidon 4.5.0); where that
 * fails the socket is read through Helidon's reader, which is slower but the same.
 */
final class SocketInput {
    private static final Field INPUT = HelidonInternals.field(PlainSocket.class, "inputStream", Level.INFO,
            "upstream sockets are read through Helidon's reader on this version (more garbage per read)");

    private SocketInput() {
    }

    /** The stream under {@code socket}, or null if it is not a plain/TLS socket or cannot be reached here. */
    static InputStream of(HelidonSocket socket) {
        if (INPUT == null || !(socket instanceof PlainSocket plain)) {
            return null;
        }
        try {
            return (InputStream) INPUT.get(plain);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
