package io.ssegateway.gateway.helidon;

import io.helidon.webserver.http.ServerResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Sends a streamed response's status and headers at once, before any body byte. Helidon holds them back until the
 * second write or a flush with data (so that a one-write response can carry a Content-Length), which kept a client
 * of a quiet upstream waiting for the head until the first event: no {@code open} in a browser's EventSource, and a
 * client or load balancer with a response-header timeout gave up. Helidon's own SSE sink sends the head with the
 * package-private {@code flushHeaders()} of its HTTP/1 and HTTP/2 responses; it is called here by reflection
 * ({@link HelidonInternals#HTTP1_RESPONSE_FLUSH_HEADERS}, {@link HelidonInternals#HTTP2_RESPONSE_FLUSH_HEADERS}).
 * Where that fails the head leaves with the first event, as before.
 */
public final class ResponseHead {
    private static final Method HTTP1 = HelidonInternals.HTTP1_RESPONSE_FLUSH_HEADERS.method();
    private static final Method HTTP2 = HelidonInternals.HTTP2_RESPONSE_FLUSH_HEADERS.method();

    private ResponseHead() {
    }

    /**
     * Sends the head of {@code res}, whose output stream is open and holds nothing; returns false if the client is
     * gone. A response of another kind, or a Helidon without the method, is left as it is (true).
     */
    public static boolean send(ServerResponse res) {
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
