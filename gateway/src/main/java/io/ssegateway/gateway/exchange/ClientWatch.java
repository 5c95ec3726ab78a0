package io.ssegateway.gateway.exchange;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.ssegateway.gateway.helidon.ServerConnections;
import io.ssegateway.gateway.helidon.SocketInput;
import io.ssegateway.gateway.helidon.SocketReadBuffer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Notices a client that closed its connection while the upstream is silent, when nothing is being written that
 * would fail. Helidon reads a connection only between requests, so while a stream runs a small virtual thread
 * waits for the next byte on the client's socket: end of stream or an error means the client is gone. Helidon
 * exposes no public way to the connection's reader, so it is reached by reflection ({@link ServerConnections}); if
 * that ever fails the gateway falls back to noticing a gone client at the next write (heartbeat or event).
 * Responses watched this way carry {@code Connection: close} and the connection ends with them
 * ({@link ProxyHandler}), so Helidon never reads the connection after the watcher did (bytes a client sent after its
 * request are never read as a request).
 */
final class ClientWatch {
    /** The client's socket read buffer while watched: only an end of stream (or a stray byte) is ever read. */
    static final int WATCH_READ_SIZE = 64;

    private ClientWatch() {
    }

    /** Starts watching the request's connection; calls {@code onGone} when the client closes or resets it. */
    static boolean watch(ServerRequest request, Runnable onGone) {
        ConnectionContext ctx = ServerConnections.of(request);
        if (ctx == null) {
            return false;
        }
        DataReader reader;
        InputStream socket;
        try {
            reader = ctx.dataReader();
            socket = socketOf(ctx);
        } catch (RuntimeException e) {
            return false;
        }
        Runnable watch = socket == null || reader.available() > 0 ? () -> waitForReader(reader, onGone)
                : () -> waitForSocket(socket, onGone);
        Thread.ofVirtual().name("sse-client-watch").start(watch);
        return true;
    }

    /** Through Helidon's reader: about 20 frames deep while parked. */
    private static void waitForReader(DataReader reader, Runnable onGone) {
        try {
            reader.ensureAvailable();
            // the client sent more bytes (a pipelined request): nothing to watch any more
        } catch (RuntimeException gone) {
            onGone.run();
        }
    }

    /**
     * Straight from the socket, which Helidon's reader has read nothing more from: 13 frames deep while parked, so
     * every quiet stream keeps about 1 KB less of stack. A byte read means the client sent more (a pipelined
     * request, never read: the response closes the connection), and nothing is left to watch.
     */
    private static void waitForSocket(InputStream socket, Runnable onGone) {
        try {
            if (socket.read(new byte[1], 0, 1) < 0) {
                onGone.run();
            }
        } catch (IOException | RuntimeException gone) {
            onGone.run();
        }
    }

    /**
     * The connection's socket stream, or null where it cannot be reached; Helidon's 8 KiB socket read buffer is
     * shrunk either way, since nothing but an end of stream will be read.
     */
    private static InputStream socketOf(ConnectionContext ctx) {
        HelidonSocket helidonSocket = ServerConnections.socket(ctx);
        if (helidonSocket == null) {
            return null;
        }
        SocketReadBuffer buffer = SocketReadBuffer.of(helidonSocket);
        if (buffer != null) {
            buffer.resize(WATCH_READ_SIZE);
        }
        return SocketInput.of(helidonSocket);
    }
}
