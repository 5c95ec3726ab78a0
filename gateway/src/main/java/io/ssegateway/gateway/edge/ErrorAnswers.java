package io.ssegateway.gateway.edge;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.channel.Json;

import java.nio.charset.StandardCharsets;

/** The answers the gateway makes itself: JSON errors, and the {@code retry} answer that keeps an EventSource reconnecting. */
public final class ErrorAnswers {
    /** The reconnect delay the {@code retry} answer asks of an EventSource, in milliseconds. */
    public static final int RETRY_MS = 3000;

    private ErrorAnswers() {
    }

    /** A JSON error body {@code {"error":..., "message":..., "route":...}} with this status. */
    public static void json(ServerResponse res, int status, String error, String message, String routeId) {
        res.status(Status.create(status));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(jsonBody(error, message, routeId));
    }

    /** The JSON error body {@code {"error":..., "message":..., "route":...}} (route left out when null). */
    public static byte[] jsonBody(String error, String message, String routeId) {
        StringBuilder body = new StringBuilder(96).append("{\"error\":");
        Json.quote(body, error).append(",\"message\":");
        Json.quote(body, message);
        if (routeId != null) {
            body.append(",\"route\":");
            Json.quote(body, routeId);
        }
        return body.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code 200 text/event-stream} carrying {@code retry:} and a comment naming the error, then the end of the
     * response: a browser EventSource gives up for good on any other answer, this one makes it reconnect.
     */
    public static void retry(ServerResponse res, String error, String message) {
        String body = "retry: " + RETRY_MS + "\n: " + oneLine(error) + ": " + oneLine(message) + "\n\n";
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A value with CR and LF replaced, safe inside one SSE comment line or one header. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ');
    }
}
