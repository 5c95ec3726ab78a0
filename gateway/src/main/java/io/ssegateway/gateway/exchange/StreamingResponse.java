package io.ssegateway.gateway.exchange;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.helidon.ResponseHead;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.BufferedOutputStream;
import java.io.OutputStream;

/**
 * Opens the response of a client fed from a queue (a shared stream's, a channel's, an NDJSON reader's): watches the
 * client for going away, sends the head at once and returns where the events go.
 */
final class StreamingResponse {
    private StreamingResponse() {
    }

    /**
     * Watches the client (an HTTP/1.1 connection's socket, or the HTTP/2 stream), sends the response head set so far
     * and returns the body's output: the gateway's own chunk writer on HTTP/1.1, a buffered stream otherwise.
     *
     * @return the output, or null when the client is already gone
     */
    static OutputStream open(ServerRequest req, ServerResponse res, StreamState stream) {
        if (ClientWatch.watch(req, () -> stream.abort(CloseReason.CLIENT_GONE))) {
            res.header(HeaderNames.CONNECTION, "close");
        } else {
            Http2ClientWatch.watch(res, stream);
        }
        OutputStream helidonOut;
        try {
            helidonOut = res.outputStream();
        } catch (RuntimeException e) {
            return null;
        }
        if (!ResponseHead.send(res)) {
            return null;
        }
        OutputStream out = ClientChunkedWriter.over(res, helidonOut);
        return out == null ? new BufferedOutputStream(helidonOut) : out;
    }
}
