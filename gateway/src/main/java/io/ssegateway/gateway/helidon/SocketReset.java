package io.ssegateway.gateway.helidon;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PlainSocket;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;

/**
 * Makes closing an upstream socket reset the connection (SO_LINGER 0) instead of sending a FIN. A stream's upstream
 * is closed because the stream is over (client gone, stall, drain) while the origin may still be writing; after a
 * FIN, Linux sometimes kept the closed socket half-open for its 60 s FIN-WAIT-2 timeout and went on taking the
 * origin's events, so the origin saw the stream end a minute late. A reset ends it at once. Helidon has no public way
 * to the socket: its private field is read by reflection ({@link HelidonInternals#PLAIN_SOCKET_DELEGATE}); where
 * that fails the close sends a FIN.
 */
public final class SocketReset {
    private static final Field DELEGATE = HelidonInternals.PLAIN_SOCKET_DELEGATE.field();

    private SocketReset() {
    }

    /** Sets SO_LINGER 0 on the socket under {@code socket}, so that its close resets the connection. */
    public static void onClose(HelidonSocket socket) {
        if (DELEGATE == null || !(socket instanceof PlainSocket plain)) {
            return;
        }
        try {
            ((Socket) DELEGATE.get(plain)).setSoLinger(true, 0);
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            // already closed: nothing to reset
        }
    }
}
