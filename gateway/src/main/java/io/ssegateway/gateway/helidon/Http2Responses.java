package io.ssegateway.gateway.helidon;

import io.helidon.http.http2.Http2Stream;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerResponse;

import java.lang.reflect.Field;

/**
 * The HTTP/2 stream and connection under an HTTP/2 response, which tell a client that reset its stream or dropped
 * the connection (Helidon marks a reset stream closed but tells no one). Reached by reflection
 * ({@link HelidonInternals#HTTP2_RESPONSE_STREAM}, {@link HelidonInternals#HTTP2_RESPONSE_CTX}); where that fails
 * these return null, and a gone client is noticed when writes to it stall.
 */
public final class Http2Responses {
    private static final Field STREAM = HelidonInternals.HTTP2_RESPONSE_STREAM.field();
    private static final Field CTX = HelidonInternals.HTTP2_RESPONSE_CTX.field();

    private Http2Responses() {
    }

    /** The HTTP/2 stream of {@code response}, or null (an HTTP/1 response, or unreachable on this version). */
    public static Http2Stream stream(ServerResponse response) {
        return (Http2Stream) read(STREAM, response);
    }

    /** The connection of HTTP/2 {@code response}, or null (an HTTP/1 response, or unreachable on this version). */
    public static ConnectionContext connection(ServerResponse response) {
        return (ConnectionContext) read(CTX, response);
    }

    private static Object read(Field field, ServerResponse response) {
        if (field == null || !field.getDeclaringClass().isInstance(response)) {
            return null;
        }
        try {
            return field.get(response);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
