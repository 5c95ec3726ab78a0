package io.ssegateway.gateway.relay;

import io.helidon.webserver.http.ServerResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.logging.Level;

/**
 * Sends an HTTP/1 streamed response's status and headers at once, before any body byte. Helidon holds them back
 * until the second write or a flush with data (so that a one-write response can carry a Content-Length), which kept
 * a client of a quiet upstream waiting for the head until the first event: no {@code open} in a browser's
 * EventSource, and a client or load balancer with a response-header timeout gave up. Helidon's own SSE sink sends
 * the head with the package-private {@code flushHeaders()} of its response; it is called here by reflection (Helidon
 * 4.5.0). Where that fails, and on HTTP/2 (there the same method queues the HEADERS frame without writing it), the
 * head leaves with the first event, as before.
 */
final class ResponseHead {
    private static final Method FLUSH_HEADERS = HelidonInternals.method(
            "io.helidon.webserver.http1.Http1ServerResponse", "flushHeaders", Level.WARNING,
            "response headers of quiet streams wait for their first event on this Helidon version");

    private ResponseHead() {
    }

    /**
     * Sends the head of {@code res}, whose output stream is open and holds nothing; returns false if the client is
     * gone. A response of another kind, or a Helidon without the method, is left as it is (true).
     */
    static boolean send(ServerResponse res) {
        if (FLUSH_HEADERS == null || !FLUSH_HEADERS.getDeclaringClass().isInstance(res)) {
            return true;
        }
        try {
            FLUSH_HEADERS.invoke(res);
            return true;
        } catch (InvocationTargetException e) {
            return false; // writing the head failed: the client is gone
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }
}
