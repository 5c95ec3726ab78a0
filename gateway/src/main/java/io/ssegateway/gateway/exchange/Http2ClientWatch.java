package io.ssegateway.gateway.exchange;

import io.helidon.http.http2.Http2Stream;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.helidon.Http2Responses;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.spi.monitor.CloseReason;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP/2 counterpart of {@link ClientWatch}: notices a client that reset its stream (RST_STREAM) or dropped the
 * connection while the upstream is silent. Helidon marks a reset stream closed but tells no one, and a write to it
 * does not fail, so one virtual thread looks at every watched stream ten times a second and aborts those whose
 * HTTP/2 stream is closed or whose connection's socket is gone. The stream and connection are reached by
 * reflection into Helidon's HTTP/2 response ({@link Http2Responses}); if that ever fails, a gone client is noticed when writes stall.
 */
final class Http2ClientWatch {
    private static final long PERIOD_MS = 100;
    private static final Set<Watched> WATCHED = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();
    private static Thread poller;

    private Http2ClientWatch() {
    }

    /** Starts watching if the response is an HTTP/2 one; returns whether it is watched. */
    static boolean watch(ServerResponse response, StreamState stream) {
        Http2Stream h2 = Http2Responses.stream(response);
        ConnectionContext ctx = Http2Responses.connection(response);
        if (h2 == null || ctx == null) {
            return false;
        }
        WATCHED.add(new Watched(h2, ctx, stream));
        ensurePolling();
        return true;
    }

    /**
     * Whether {@code response} is an HTTP/2 one whose client has already reset its stream or dropped the connection
     * (false where that cannot be seen). A rapid-reset client resets every stream right after opening it; its
     * requests are not sent upstream.
     */
    static boolean alreadyGone(ServerResponse response) {
        Http2Stream h2 = Http2Responses.stream(response);
        ConnectionContext ctx = Http2Responses.connection(response);
        return h2 != null && ctx != null && new Watched(h2, ctx, null).clientGone();
    }

    private static void ensurePolling() {
        synchronized (LOCK) {
            if (poller == null || !poller.isAlive()) {
                poller = Thread.ofVirtual().name("sse-h2-client-watch").start(Http2ClientWatch::poll);
            }
        }
    }

    private static void poll() {
        while (true) {
            for (Watched watched : WATCHED) {
                if (!watched.stream.streaming()) {
                    WATCHED.remove(watched);
                } else if (watched.clientGone()) {
                    WATCHED.remove(watched);
                    watched.stream.abort(CloseReason.CLIENT_GONE);
                }
            }
            synchronized (LOCK) {
                if (WATCHED.isEmpty()) {
                    poller = null;
                    return;
                }
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private record Watched(Http2Stream h2, ConnectionContext ctx, StreamState stream) {
        boolean clientGone() {
            try {
                return h2.streamState() == Http2StreamState.CLOSED || !ctx.serverSocket().isConnected();
            } catch (RuntimeException e) {
                return true;
            }
        }
    }
}
