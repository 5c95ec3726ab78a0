package io.ssegateway.gateway.helidon;

import io.helidon.webclient.api.ClientConnection;

import java.io.OutputStream;
import java.lang.reflect.Field;

/**
 * Closes the upstream connection of a request whose body could not be sent whole (the client's body was malformed
 * or late, or the upstream stopped taking it). WebClient neither closes nor frees such a connection: it stayed open
 * with half a request on it until the origin gave up. Its stream's connection field is private and read by
 * reflection ({@link HelidonInternals#REQUEST_BODY_CONNECTION}); where that fails the connection is left to
 * WebClient, as before.
 */
public final class AbandonedRequest {
    private static final Field CONNECTION = HelidonInternals.REQUEST_BODY_CONNECTION.field();

    private AbandonedRequest() {
    }

    /** Resets and closes the connection under WebClient's request body stream {@code os}. */
    public static void close(OutputStream os) {
        if (CONNECTION == null || !CONNECTION.getDeclaringClass().isInstance(os)) {
            return;
        }
        try {
            ClientConnection connection = (ClientConnection) CONNECTION.get(os);
            if (connection != null) {
                SocketReset.onClose(connection.helidonSocket());
                connection.closeResource();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // already closed, or not reachable: WebClient keeps it
        }
    }
}
