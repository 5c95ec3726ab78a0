package io.ssegateway.gateway.helidon;

import io.helidon.common.buffers.DataWriter;
import io.helidon.webserver.http.ServerResponse;

import java.lang.reflect.Field;

/**
 * The writer of the connection under an HTTP/1 response, for a body that frames its own chunks (the relay's
 * chunked response body). Reached by reflection ({@link HelidonInternals#HTTP1_RESPONSE_DATA_WRITER}), and given
 * out only where it is Helidon's direct socket writer ({@link HelidonInternals#SOCKET_WRITER_DIRECT}), which has
 * written an array when its write returns, so the array may be reused at once; anywhere else, or where either does
 * not resolve, the relay writes through Helidon's stream.
 */
public final class ResponseWriter {
    private static final Field DATA_WRITER = HelidonInternals.HTTP1_RESPONSE_DATA_WRITER.field();
    private static final Class<?> DIRECT_WRITER = HelidonInternals.SOCKET_WRITER_DIRECT.type();

    private ResponseWriter() {
    }

    /** The synchronous writer under {@code res}, or null (HTTP/2, an asynchronous writer, another Helidon). */
    public static DataWriter direct(ServerResponse res) {
        if (DATA_WRITER == null || DIRECT_WRITER == null || !DATA_WRITER.getDeclaringClass().isInstance(res)) {
            return null;
        }
        try {
            Object writer = DATA_WRITER.get(res);
            return writer != null && writer.getClass() == DIRECT_WRITER ? (DataWriter) writer : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
