package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.upstream.UpstreamRequest;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.ssegateway.gateway.guard.ClientText;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a client reads a channel or a shared route: over SSE (the default), as NDJSON ({@code ?format=ndjson} or
 * {@code Accept: application/x-ndjson}) or by long-polling ({@code ?format=json} or {@code Accept:
 * application/json}), for clients behind proxies or runtimes that buffer a response until it ends.
 */
enum Delivery {
    /** {@code text/event-stream}. */
    SSE,
    /** One JSON object {@code {id, event, data}} per line, streamed. */
    NDJSON,
    /** A JSON array of {@code {id, event, data}}, answered when events are there or {@code wait} passed. */
    LONG_POLL;

    /** The query parameters that are the gateway's own (never sent upstream nor part of a share key). */
    static final Set<String> QUERY_PARAMS = Set.of("format", "lastEventId", "wait");
    /** The default long-poll wait, before the cap. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(25);

    /**
     * What the request asks for: the {@code format} query parameter wins, then the Accept header.
     *
     * @throws IllegalArgumentException naming a bad {@code format}
     */
    static Delivery of(ServerRequest req) {
        Optional<String> format = req.query().first("format").asOptional();
        if (format.isPresent()) {
            return switch (format.get()) {
            case "json" -> LONG_POLL;
            case "ndjson" -> NDJSON;
            case "sse", "event-stream" -> SSE;
            default -> throw new IllegalArgumentException("format must be json, ndjson or sse (got: "
                                                          + ClientText.escaped(format.get()) + ")");
            };
        }
        String accept = String.join(",", req.headers().values(HeaderNames.ACCEPT)).toLowerCase(Locale.ROOT);
        if (accept.contains("text/event-stream")) {
            return SSE;
        }
        if (accept.contains("application/x-ndjson")) {
            return NDJSON;
        }
        if (accept.contains("application/json")) {
            return LONG_POLL;
        }
        return SSE;
    }

    /** Whether a request on a shared route asks for JSON or NDJSON (so it is not relayed as a plain request). */
    static boolean asksForJson(ServerRequest req) {
        try {
            return of(req) != SSE && (req.query().first("format").isPresent()
                                      || !UpstreamRequest.wantsEventStream(req));
        } catch (IllegalArgumentException e) {
            return true; // a bad format is answered 400 by the JSON exchange
        }
    }

    /**
     * The {@code wait} query parameter in whole seconds (an {@code s} after it allowed; default 25), capped by
     * {@code max}.
     *
     * @throws IllegalArgumentException naming a bad value
     */
    static Duration waitFor(ServerRequest req, Duration max) {
        Optional<String> text = req.query().first("wait").asOptional();
        Duration wait = DEFAULT_WAIT;
        if (text.isPresent()) {
            String value = text.get().strip();
            if (value.endsWith("s")) {
                value = value.substring(0, value.length() - 1);
            }
            if (!value.matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("wait must be a whole number of seconds (got: "
                                                   + ClientText.escaped(text.get()) + ")");
            }
            wait = Duration.ofSeconds(Long.parseLong(value));
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /**
     * The client's last event id: the {@code Last-Event-ID} header, else the {@code lastEventId} query parameter;
     * null when neither.
     *
     * @throws IllegalArgumentException when it has CR, LF or NUL
     */
    static String lastEventId(ServerRequest req) {
        String id = req.headers().first(HeaderNames.create("Last-Event-ID"))
                .or(() -> req.query().first("lastEventId").asOptional()).orElse(null);
        if (id != null && (id.indexOf('\r') >= 0 || id.indexOf('\n') >= 0 || id.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("Last-Event-ID has a CR, LF or NUL");
        }
        return id;
    }
}
