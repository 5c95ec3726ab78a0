package io.ssegateway.gateway.upstream;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.ssegateway.gateway.guard.ClientText;
import io.ssegateway.gateway.helidon.ServerConnections;
import io.ssegateway.gateway.helidon.SocketInput;
import io.ssegateway.gateway.stream.StreamState;

import java.io.IOException;
import java.io.InputStream;

/**
 * The client's request body as it is forwarded upstream, and whose fault it is when forwarding it fails. A body
 * with a Content-Length is read through Helidon, which stops at its end; a chunked one is decoded here from the
 * connection's reader, since Helidon 4.5.0 refuses chunk extensions (valid per RFC 9112 7.1.1) and would answer
 * them as a gateway failure. After a body decoded here Helidon's view of the connection is stale: the response
 * closes the connection ({@link #closesConnection}), so no byte after the body is ever read as a request.
 * <p>
 * A read of the client that fails (a malformed chunk, a connection cut short) is the client's failure, and so is a
 * read still waiting for the client when the first-byte deadline comes ({@link #timeOut}): the client is answered
 * 400 or 408, and the upstream is not blamed.
 */
final class ClientBody extends InputStream implements StreamState.ClientBodyWait {
    private final InputStream source;
    private final boolean decodedHere;
    private final HelidonSocket socket;
    private volatile boolean readingClient;
    private volatile boolean timedOut;
    private volatile boolean complete;
    private volatile String failure;

    private ClientBody(InputStream source, boolean decodedHere, HelidonSocket socket) {
        this.source = source;
        this.decodedHere = decodedHere;
        this.socket = socket;
    }

    /** The request's body: decoded here when chunked on an HTTP/1 connection, otherwise Helidon's entity stream. */
    static ClientBody of(ServerRequest req) {
        ConnectionContext ctx = ServerConnections.of(req);
        HelidonSocket socket = ctx == null ? null : ServerConnections.socket(ctx);
        if (ctx != null && req.headers().contains(HeaderNames.TRANSFER_ENCODING)) {
            // Helidon's stream is asked for but never read: that sends 100 Continue to a client waiting for it
            req.content().inputStream();
            DataReader reader = ctx.dataReader();
            return new ClientBody(ChunkedBodyReader.ofClient(reader), true, socket);
        }
        return new ClientBody(req.content().inputStream(), false, socket);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        if (timedOut && !complete) {
            throw fail(null);
        }
        readingClient = true;
        int n;
        try {
            n = source.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        } finally {
            readingClient = false;
        }
        if (n < 0) {
            complete = true;
        }
        return n;
    }

    private IOException fail(Exception cause) {
        failure = timedOut ? "the request body did not arrive in time" : describe(cause);
        return new IOException(failure, cause);
    }

    private static String describe(Exception e) {
        if (e instanceof IOException && e.getMessage() != null && e.getMessage().startsWith("client ")) {
            // ChunkedBodyReader's own words, no client bytes in them
            return "malformed request body: " + e.getMessage();
        }
        if (e instanceof io.helidon.common.buffers.DataReader.InsufficientDataAvailableException) {
            return "the client's connection ended before the end of its request body";
        }
        return "the request body could not be read: " + ClientText.escaped(e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }

    /**
     * The first-byte deadline came before the upstream answered. Returns true when this body is waiting for the
     * client right now and that wait was ended here (the connection's input shut, its output still open for the
     * 408); false when the caller should interrupt the connect instead (the body is complete, or is being written to
     * the upstream, or the socket cannot be reached).
     */
    @Override
    public boolean timeOut() {
        if (complete) {
            return false;
        }
        timedOut = true;
        return readingClient && SocketInput.shutdown(socket);
    }

    /** Why reading the client's body failed (the client's fault), or null. */
    String failure() {
        return failure;
    }

    /** Whether the failure was a body still arriving at the first-byte deadline. */
    boolean timedOut() {
        return timedOut && failure != null;
    }

    /**
     * Whether the response must close the connection: the body was decoded here (Helidon does not know where it
     * ended) or was not read to its end.
     */
    boolean closesConnection() {
        return decodedHere || !complete;
    }
}
