package io.ssegateway.gateway.helidon;

import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.HttpClientResponse;

import java.lang.reflect.Field;

/**
 * The upstream connection under a WebClient HTTP/1 response, which the relay reads a body from itself (a chunked
 * event stream, a body the upstream's close ends, the response after interim ones). WebClient has no public way to
 * it: the field is read by reflection ({@link HelidonInternals#CLIENT_RESPONSE_CONNECTION}); where that fails bodies
 * are read through WebClient's entity stream (slower, the same bytes) and interim responses are answered 502.
 */
public final class UpstreamConnections {
    private static final Field CONNECTION = HelidonInternals.CLIENT_RESPONSE_CONNECTION.field();

    private UpstreamConnections() {
    }

    /** The connection of a WebClient HTTP/1 response, or null where it cannot be reached. */
    public static ClientConnection of(HttpClientResponse response) {
        if (CONNECTION == null || !CONNECTION.getDeclaringClass().isInstance(response)) {
            return null;
        }
        try {
            return (ClientConnection) CONNECTION.get(response);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
