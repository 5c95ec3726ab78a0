package io.ssegateway.gateway.relay;

import io.helidon.webserver.http.ServerResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.logging.Level;

/**
 * Sends a streamed response's status and headers at once, before any body byte. Helidon holds them back until the
 * second write or a flush with data (so that a one-write response can carry a Content-Length), which kept a client
 * of a quiet upstream waiting for the head until the first event: no {@code open} in a browser's EventSource, and a
 * client or load balancer with a response-header timeout gave up. Helidon's own SSE sink sends the head with the
 * package-private {@code flushHeaders()} of its HTTP/1 and HTTP/2 responses; it is called here by reflection
 * (Helidon 4.5.0). Where that fails the head leaves with the first event, as before.
 */
final class ResponseHead {
    private static final String WITHOUT = "response headers of quiet streams wait for their first event on this"
            + " Helidon version";
    private static final Method HTTP1 = HelidonInternals.method("io.helidon.webserver.http1.Http1ServerResponse",
            "flushHeaders", Level.WARNING, WITHOUT);
    private static final Method HTTP2 = HelidonInternals.method("io.helidon.webserver.http2.Http2ServerResponse",
            "flushHeaders", Level.WARNING, WITHOUT + " (HTTP/2)");

    private ResponseHead() {
    }

    /**
     * Sends the head of {@code res}, whose output stream is open and holds nothing; returns false if the client is
     * gone. A response of another kind, or a Helidon without the method, is left as it is (true).
     */
    static boolean send(ServerResponse res) {
        Method flush = declaredBy(HTTP1, res) ? HTTP1 : declaredBy(HTTP2, res) ? HTTP2 : null;
        if (flush == null) {
            return true;
        }
        try {
            flush.invoke(res);
            return true;
        } catch (InvocationTargetException e) {
            return false; // writing the head failed: the client is gone
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    private static boolean declaredBy(Method method, ServerResponse res) {
        return method != null && method.getDeclaringClass().isInstance(res);
    }
}
