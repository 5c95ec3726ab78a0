package io.ssegateway.gateway.edge;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.ssegateway.gateway.guard.ClientText;

/**
 * Answers what Helidon refuses before any route sees the request (a malformed request line or header, a request
 * head over the limits) with the gateway's JSON error body and security headers instead of Helidon's plain text.
 * An oversized request line (Helidon: 414) or header section (Helidon: 400) is answered {@code 431}.
 */
public final class DirectAnswers implements DirectHandler {
    /** 431, which Helidon's Status has no constant for. */
    static final Status HEAD_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");
    private static final String HEADER_SIZE_EXCEEDED = "Header size exceeded";
    private static final int MAX_DETAIL = 200;

    private final EdgeHeaders edgeHeaders;

    /** Answers carrying these security headers. */
    public DirectAnswers(EdgeHeaders edgeHeaders) {
        this.edgeHeaders = edgeHeaders;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        Answer answer = answer(defaultStatus, message);
        edgeHeaders.gatewayMade(responseHeaders);
        responseHeaders.set(HeaderValues.CONTENT_TYPE_JSON);
        responseHeaders.set(HeaderNames.CACHE_CONTROL, "no-store");
        return TransportResponse.builder()
                .status(answer.status())
                .headers(responseHeaders)
                .keepAlive(false)
                .entity(ErrorAnswers.jsonBody(answer.error(), answer.message(), null))
                .build();
    }

    private static Answer answer(Status status, String message) {
        String detail = message == null ? "" : oneLine(message);
        if (status.code() == Status.REQUEST_URI_TOO_LONG_414.code()
                || (status.code() == 400 && detail.contains(HEADER_SIZE_EXCEEDED))) {
            return new Answer(HEAD_TOO_LARGE, "request_head_too_large",
                              "the request line or the headers exceed the gateway's limits (server.request-head)");
        }
        return switch (status.code()) {
        case 400 -> new Answer(status, "bad_request", "malformed request" + (detail.isEmpty() ? "" : ": " + detail));
        case 413 -> new Answer(status, "payload_too_large", "the request body is too large");
        case 505 -> new Answer(status, "http_version_not_supported", "only HTTP/1.1 and HTTP/2 are served");
        default -> new Answer(status, status.code() >= 500 ? "internal_error" : "request_refused",
                              status.code() >= 500 ? "the gateway failed to handle the request" : detail);
        };
    }

    private record Answer(Status status, String error, String message) {
    }

    /** Helidon's message (it may quote the client's bytes) cut to one short line, control characters escaped. */
    private static String oneLine(String s) {
        String line = ClientText.escaped(s);
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "...";
    }
}
