package io.ssegateway.gateway.upstream;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.ClientResponseTrailers;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Http1HeadersParser;
import io.helidon.http.Status;
import io.helidon.http.media.ReadableEntity;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1StatusParser;
import io.ssegateway.gateway.helidon.SocketInput;
import io.ssegateway.gateway.helidon.SocketReset;
import io.ssegateway.gateway.helidon.UpstreamConnections;

import java.io.InputStream;
import java.util.List;

/**
 * The final response of an upstream that sent interim responses (1xx, RFC 9110 15.2) before it, such as
 * {@code 100 Continue} or {@code 103 Early Hints}. WebClient takes the first status line it reads for the final one
 * (it skips a single {@code 100} only after sending {@code Expect: 100-continue} itself), so its response is replaced
 * by this one, read from the same connection: the interim responses are skipped (the client never sees them) and the
 * final head is parsed here. Its body is read straight from the connection, which is closed afterwards, never pooled.
 * An unrequested {@code 101 Switching Protocols} cannot be relayed (the gateway asks for no upgrade) and is refused.
 */
final class FinalResponse implements HttpClientResponse {
    /** Interim responses skipped at most: an upstream that sends more is refused. */
    static final int MAX_INTERIM = 16;
    /** Helidon's defaults for a response's status line and header section. */
    private static final int MAX_STATUS_LINE = 256;
    private static final int MAX_HEADERS = 16 * 1024;

    private final Status status;
    private final ClientResponseHeaders headers;
    private final ClientUri lastEndpointUri;
    private final ClientConnection connection;
    private final boolean bodiless;
    private InputStream body;

    private FinalResponse(Status status, ClientResponseHeaders headers, ClientUri lastEndpointUri,
                          ClientConnection connection, boolean bodiless) {
        this.status = status;
        this.headers = headers;
        this.lastEndpointUri = lastEndpointUri;
        this.connection = connection;
        this.bodiless = bodiless;
    }

    /** An upstream answer the gateway cannot relay; its message says why, for the client's 502. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The final response after {@code interim}, a 1xx response WebClient returned whose header section it has read;
     * blocks until the final head arrives (the first-byte timeout interrupts it). {@code headRequest}: the request was
     * a HEAD, so the final response has no body.
     *
     * @throws Refused for a {@code 101}, more than {@link #MAX_INTERIM} interim responses, a body framed both by
     *                 length and by chunks, or where the connection cannot be reached on this Helidon version
     * @throws RuntimeException when the head is malformed or the connection fails
     */
    static FinalResponse after(HttpClientResponse interim, boolean headRequest) {
        ClientConnection connection = UpstreamConnections.of(interim);
        if (connection == null) {
            throw new Refused("answered with an interim response (" + interim.status().code() + "), which this"
                              + " Helidon version cannot read past");
        }
        DataReader reader = connection.reader();
        Status status = interim.status();
        for (int interims = 1; ; interims++) {
            if (status.code() == Status.SWITCHING_PROTOCOLS_101.code()) {
                throw new Refused("switched protocols (101) although the gateway asked for no upgrade");
            }
            if (interims > MAX_INTERIM) {
                throw new Refused("sent more than " + MAX_INTERIM + " interim (1xx) responses");
            }
            status = Http1StatusParser.readStatus(reader, MAX_STATUS_LINE);
            ClientResponseHeaders headers = ClientResponseHeaders.create(
                    Http1HeadersParser.readHeaders(reader, MAX_HEADERS, true));
            if (status.code() / 100 != 1) {
                if (headers.contains(HeaderNames.CONTENT_LENGTH) && headers.contains(HeaderNames.TRANSFER_ENCODING)) {
                    throw new Refused("framed its body both by Content-Length and by Transfer-Encoding");
                }
                boolean bodiless = headRequest || status.code() == Status.NO_CONTENT_204.code()
                        || status.code() == Status.NOT_MODIFIED_304.code();
                return new FinalResponse(status, headers, interim.lastEndpointUri(), connection, bodiless);
            }
        }
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public ClientResponseHeaders headers() {
        return headers;
    }

    @Override
    public ClientResponseTrailers trailers() {
        return ClientResponseTrailers.create();
    }

    @Override
    public ClientUri lastEndpointUri() {
        return lastEndpointUri;
    }

    /** Not supported: the gateway reads a response's body as a stream ({@link #inputStream()}) only. */
    @Override
    public ReadableEntity entity() {
        throw new UnsupportedOperationException("the body of a response after interim responses is read with"
                                                + " inputStream()");
    }

    /**
     * The body, read straight from the connection: chunked, a declared length, or until the upstream closes;
     * closing it closes the connection.
     */
    @Override
    public InputStream inputStream() {
        if (body == null) {
            List<String> codings = headers.contains(HeaderNames.TRANSFER_ENCODING)
                    ? headers.get(HeaderNames.TRANSFER_ENCODING).allValues(true) : List.of();
            if (bodiless) {
                body = new ConnectionBody(connection, 0);
            } else if (!codings.isEmpty() && codings.getLast().equalsIgnoreCase(HeaderValues.TRANSFER_ENCODING_CHUNKED
                    .get())) {
                body = new ChunkedBodyReader(connection.reader(), SocketInput.of(connection.helidonSocket()),
                                             connection);
            } else if (codings.isEmpty() && headers.contentLength().isPresent()) {
                body = new ConnectionBody(connection, headers.contentLength().getAsLong());
            } else {
                body = new ConnectionBody(connection, ConnectionBody.UNTIL_CLOSE);
            }
        }
        return body;
    }

    /** Resets and closes the connection (a connection that carried interim responses is never pooled). */
    @Override
    public void close() {
        SocketReset.onClose(connection.helidonSocket());
        connection.closeResource();
    }
}
