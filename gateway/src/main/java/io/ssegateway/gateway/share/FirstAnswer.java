package io.ssegateway.gateway.share;

import io.helidon.http.Headers;

/**
 * How a shared stream's upstream first answered: what every client waiting for it gets. Only an event stream is
 * shared; any other answer goes to each client that waited for it, and the shared stream is not made, so the origin
 * gets one request however many clients came meanwhile.
 */
public sealed interface FirstAnswer {
    /** The most bytes of a non-event-stream answer's body kept for the waiting clients. */
    int MAX_BODY = 64 * 1024;

    /**
     * A 2xx {@code text/event-stream}: the clients join the stream, their responses start with this head.
     *
     * @param status   the status code
     * @param reason   the reason phrase
     * @param headers  the upstream's headers
     * @param upstream the upstream that answered
     */
    record EventStream(int status, String reason, Headers headers, String upstream) implements FirstAnswer {
    }

    /**
     * Any other answer (a 4xx, a redirect, a 2xx that is not an event stream, the last upstream's 5xx), read whole:
     * each waiting client gets it as it is, but for hop-by-hop headers, {@code Content-Length} (set again) and
     * {@code Set-Cookie} (one answer goes to many clients).
     *
     * @param status   the status code
     * @param reason   the reason phrase
     * @param headers  the upstream's headers
     * @param upstream the upstream that answered
     * @param body     the whole body, at most {@link #MAX_BODY} bytes
     */
    record Other(int status, String reason, Headers headers, String upstream, byte[] body) implements FirstAnswer {
    }

    /**
     * No upstream answered usefully: each waiting client gets the gateway's own error answer, as a private stream's
     * client would.
     *
     * @param status  the status ({@code 502} or {@code 504})
     * @param error   the error code ({@code upstream_unreachable}, {@code upstream_timeout}, ...)
     * @param message what happened, for a person
     */
    record Failed(int status, String error, String message) implements FirstAnswer {
    }
}
