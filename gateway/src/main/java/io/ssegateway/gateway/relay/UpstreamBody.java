package io.ssegateway.gateway.relay;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.logging.Level;

/**
 * The upstream body a relay loop reads. A chunked body (what HTTP/1.1 event streams are) is read with
 * {@link ChunkedBody} straight from the connection, which returns every event already received in one read; the
 * client's own entity stream returns one chunk per read through a new buffer each, and cost several times the CPU
 * per event under load. WebClient has no public way to the connection of a response, so it is reached by
 * reflection; when that fails (another Helidon version) the entity stream is used, which is slower but the same.
 * A body that only the upstream's close ends is read through {@link CloseDelimitedBody}, which ends it with
 * {@code -1} like the others.
 */
final class UpstreamBody {
    private static final Field CONNECTION = HelidonInternals.field("io.helidon.webclient.http1.Http1ClientResponseImpl",
            "connection", Level.INFO, "chunked upstream bodies are read through WebClient's entity stream on this"
            + " Helidon version (slower under load)");
    /** Helidon's read buffer of a connection whose body reads the socket itself: it is not used again. */
    private static final int UNUSED_BUFFER = 64;

    private UpstreamBody() {
    }

    /**
     * The response's body; the response must not have been read yet. A {@link ChunkedBody} holds the connection
     * and closes it: the response is not needed any more.
     */
    static InputStream of(HttpClientResponse response) {
        if (CONNECTION != null && CONNECTION.getDeclaringClass().isInstance(response)
                && response.headers().contains(HeaderValues.TRANSFER_ENCODING_CHUNKED)
                && !response.headers().contains(HeaderNames.CONTENT_ENCODING)) {
            try {
                ClientConnection connection = (ClientConnection) CONNECTION.get(response);
                InputStream socket = SocketInput.of(connection.helidonSocket());
                SocketReadBuffer helidonBuffer = SocketReadBuffer.of(connection.helidonSocket());
                if (socket != null && helidonBuffer != null) {
                    helidonBuffer.resize(UNUSED_BUFFER); // the body reads the socket into its own buffer
                }
                return new ChunkedBody(connection.reader(), socket, connection);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through to the entity stream
            }
        }
        InputStream entity = response.inputStream();
        return closeDelimited(response) ? new CloseDelimitedBody(entity) : entity;
    }

    /** Whether the response's body has neither chunking nor a length: the upstream's close ends it. */
    private static boolean closeDelimited(HttpClientResponse response) {
        return !response.headers().contains(HeaderNames.TRANSFER_ENCODING)
                && !response.headers().contains(HeaderNames.CONTENT_LENGTH);
    }
}
