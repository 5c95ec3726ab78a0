package io.ssegateway.gateway.upstream;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.HttpClientResponse;
import io.ssegateway.gateway.helidon.SocketInput;
import io.ssegateway.gateway.helidon.SocketReadBuffer;
import io.ssegateway.gateway.helidon.UpstreamConnections;

import java.io.InputStream;

/**
 * The upstream body a relay loop reads. A chunked body (what HTTP/1.1 event streams are) is read with
 * {@link ChunkedBodyReader} straight from the connection, which returns every event already received in one read; the
 * client's own entity stream returns one chunk per read through a new buffer each, and cost several times the CPU
 * per event under load. WebClient has no public way to the connection of a response, so it is reached by
 * reflection ({@link UpstreamConnections}); when that fails (another Helidon version) the entity stream is used, which is slower but the same, and
 * an upstream's interim responses are answered 502 ({@link FinalResponse}).
 * A body that only the upstream's close ends is read through {@link ConnectionBody}, or through
 * {@link CloseDelimitedBody} where the connection cannot be reached; both end it with {@code -1} like the others.
 */
public final class UpstreamBody {
    /** Helidon's read buffer of a connection whose body reads the socket itself: it is not used again. */
    private static final int UNUSED_BUFFER = 64;

    private UpstreamBody() {
    }

    /**
     * The body of {@code response}, which must not have been read yet. A body that reads the connection itself
     * ({@link #ownsConnection}) closes it: the response is not needed any more. Read that way: a chunked event
     * stream ({@link ChunkedBodyReader}), a body with neither length nor chunks ({@link ConnectionBody}: WebClient's
     * stream fails at the connection's end, which is such a body's normal end) and the body of a
     * {@link FinalResponse}; any other through WebClient. {@code headRequest}: the request was a HEAD, so the response has no body.
     */
    public static InputStream of(HttpClientResponse response, boolean eventStream, boolean headRequest) {
        if (response instanceof FinalResponse) {
            return response.inputStream();
        }
        ClientConnection connection = UpstreamConnections.of(response);
        if (connection != null && !response.headers().contains(HeaderNames.CONTENT_LENGTH)
                && !response.headers().contains(HeaderNames.TRANSFER_ENCODING)) {
            int status = response.status().code();
            boolean bodiless = headRequest || status == Status.NO_CONTENT_204.code()
                    || status == Status.NOT_MODIFIED_304.code();
            return new ConnectionBody(connection, bodiless ? 0 : ConnectionBody.UNTIL_CLOSE);
        }
        if (eventStream && connection != null && response.headers().contains(HeaderValues.TRANSFER_ENCODING_CHUNKED)
                && !response.headers().contains(HeaderNames.CONTENT_ENCODING)) {
            try {
                InputStream socket = SocketInput.of(connection.helidonSocket());
                SocketReadBuffer helidonBuffer = SocketReadBuffer.of(connection.helidonSocket());
                if (socket != null && helidonBuffer != null) {
                    helidonBuffer.resize(UNUSED_BUFFER); // the body reads the socket into its own buffer
                }
                return new ChunkedBodyReader(connection.reader(), socket, connection);
            } catch (RuntimeException e) {
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

    /** Whether {@code body} (from {@link #of}) ends only when the upstream closes the connection. */
    public static boolean endsAtClose(InputStream body) {
        return body instanceof CloseDelimitedBody || body instanceof ConnectionBody c && c.untilClose();
    }

    /** Whether {@code body} (from {@link #of}) reads the connection itself and closes it when closed. */
    public static boolean ownsConnection(InputStream body) {
        return body instanceof ChunkedBodyReader || body instanceof ConnectionBody;
    }
}
