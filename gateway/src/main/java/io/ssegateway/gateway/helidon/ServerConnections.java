package io.ssegateway.gateway.helidon;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;

import java.lang.reflect.Field;

/**
 * The client connection an HTTP/1 request came on, and its socket: what the relay watches for a gone client and
 * decodes a chunked request body from. Helidon has no public way to either: its private fields are read by
 * reflection ({@link HelidonInternals#HTTP1_REQUEST_CTX}, {@link HelidonInternals#CONNECTION_HANDLER_SOCKET}); where
 * that fails these return null and the relay does without (a gone client is noticed at the next write).
 */
public final class ServerConnections {
    private static final Field REQUEST_CTX = HelidonInternals.HTTP1_REQUEST_CTX.field();
    private static final Field HANDLER_SOCKET = HelidonInternals.CONNECTION_HANDLER_SOCKET.field();

    private ServerConnections() {
    }

    /** The HTTP/1 connection the request came on, or null (HTTP/2, or unreachable on this Helidon version). */
    public static ConnectionContext of(ServerRequest request) {
        if (REQUEST_CTX == null || !REQUEST_CTX.getDeclaringClass().isInstance(request)) {
            return null;
        }
        try {
            return (ConnectionContext) REQUEST_CTX.get(request);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The socket under a connection, or null where it cannot be reached. */
    public static HelidonSocket socket(ConnectionContext ctx) {
        if (HANDLER_SOCKET == null || !HANDLER_SOCKET.getDeclaringClass().isInstance(ctx)) {
            return null;
        }
        try {
            return (HelidonSocket) HANDLER_SOCKET.get(ctx);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
