package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.gateway.edge.ErrorAnswers;
import io.ssegateway.gateway.upstream.UpstreamRequest;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.channel.Json;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.share.ClientQueue;
import io.ssegateway.gateway.share.FirstAnswer;
import io.ssegateway.gateway.share.ShareRegistry;
import io.ssegateway.gateway.share.SharedEvent;
import io.ssegateway.gateway.share.SharedStream;
import io.ssegateway.gateway.sse.SseParser;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.transform.SseEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of a shared route (one with {@code share}) that cannot hold an event stream: a long-poll
 * ({@code ?format=json} or {@code Accept: application/json}) answered with a JSON array of {@code {id, event, data}}
 * from the shared stream's replay buffer after {@code Last-Event-ID} (or {@code lastEventId}), or with the next
 * events within {@code wait}; or NDJSON ({@code ?format=ndjson} or {@code Accept: application/x-ndjson}), the
 * shared stream's events as one JSON object per line. The client joins the shared stream of its key like an SSE
 * client (the gateway's own query parameters are left out of the key and the upstream request). An id not in the
 * replay buffer gets the live events only (a gap: the private upstream stream an SSE client would get cannot be
 * read as JSON).
 */
final class SharedJsonExchange {
    private static final byte[] NDJSON_HEARTBEAT = "\n".getBytes(StandardCharsets.US_ASCII);

    private final Route route;
    private final ServerRequest req;
    private final ServerResponse res;
    private final StreamState stream;
    private final ShareRegistry registry;

    SharedJsonExchange(Route route, ServerRequest req, ServerResponse res, StreamState stream, ShareRegistry registry) {
        this.route = route;
        this.req = req;
        this.res = res;
        this.stream = stream;
        this.registry = registry;
    }

    /** Whether this request is a long-poll or NDJSON GET on a sharing route. */
    static boolean applies(Route route, ServerRequest req, ShareRegistry registry) {
        return registry != null && route.settings().share().isPresent() && req.prologue().method() == Method.GET
                && Delivery.asksForJson(req) && !UpstreamRequest.hasBody(req);
    }

    void serve(AuthDecision.Allow allowed) {
        Delivery delivery;
        Duration wait;
        String lastEventId;
        try {
            delivery = Delivery.of(req);
            wait = Delivery.waitFor(req, route.settings().longPollMaxWait());
            lastEventId = Delivery.lastEventId(req);
        } catch (IllegalArgumentException e) {
            ErrorAnswers.json(res, 400, "bad_query", e.getMessage(), route.id());
            return;
        }
        ClientQueue queue = new ClientQueue(route.settings().share().orElseThrow().maxQueue());
        SharedStream shared = SharedExchange.join(route, req, allowed, registry, lastEventId, queue,
                                                  Delivery.QUERY_PARAMS);
        if (shared == null) { // the id is not in the replay buffer: live events only
            shared = SharedExchange.join(route, req, allowed, registry, null, queue, Delivery.QUERY_PARAMS);
        }
        CloseReason reason = CloseReason.ERROR;
        try {
            stream.upstreamConnection(queue::close); // an abort (client gone, drain) ends the queue and its waits
            FirstAnswer answer;
            try {
                answer = shared.awaitAnswer(queue, route.settings().timeouts().firstByte()
                        .multipliedBy(2L + route.settings().resilience().retries())
                        .plus(route.settings().timeouts().connect()));
            } catch (InterruptedException e) {
                Thread.interrupted();
                answer = null;
            }
            if (!(answer instanceof FirstAnswer.EventStream head)) {
                if (stream.abortReason() == CloseReason.SHUTDOWN) {
                    ErrorAnswers.json(res, 503, "shutting_down", "the gateway is shutting down", route.id());
                } else if (stream.abortReason() == null && answer instanceof FirstAnswer.Other other) {
                    ErrorAnswers.json(res, 502, "upstream_not_event_stream", "the route's shared upstream answered "
                            + other.status() + " instead of an event stream", route.id());
                } else if (stream.abortReason() == null && answer instanceof FirstAnswer.Failed failed) {
                    ErrorAnswers.json(res, failed.status(), failed.error(), failed.message(), route.id());
                } else if (stream.abortReason() == null) {
                    ErrorAnswers.json(res, 504, "upstream_timeout", "the route's shared upstream stream did not"
                            + " answer in time", route.id());
                }
                reason = stream.abortReason() != null ? stream.abortReason() : CloseReason.UPSTREAM_ERROR;
                return;
            }
            stream.upstream(head.upstream());
            reason = delivery == Delivery.LONG_POLL ? longPoll(queue, wait) : ndjson(queue);
        } finally {
            queue.close();
            route.monitors().closed(stream, reason);
        }
    }

    private CloseReason longPoll(ClientQueue queue, Duration wait) {
        List<String> events = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (events.isEmpty()) {
                long left = deadline - System.nanoTime();
                SharedEvent event = queue.next(Math.max(0, left));
                if (event == null) {
                    break; // the wait passed, or the stream ended
                }
                json(event, events);
            }
            SharedEvent more;
            while (!events.isEmpty() && (more = queue.next(0)) != null) {
                json(more, events);
            }
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
        byte[] body = ("[" + String.join(",", events) + "]\n").getBytes(StandardCharsets.UTF_8);
        stream.status(200);
        stream.counted(events.size(), body.length);
        route.monitors().opened(stream);
        res.status(Status.OK_200);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try {
            res.send(body);
        } catch (RuntimeException e) {
            return CloseReason.CLIENT_GONE;
        }
        return CloseReason.UPSTREAM_ENDED;
    }

    private CloseReason ndjson(ClientQueue queue) {
        stream.status(200);
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        OutputStream out = StreamingResponse.open(req, res, stream);
        if (out == null) {
            return CloseReason.CLIENT_GONE;
        }
        return new QueuedClientWriter(stream, queue, route.monitors(), route.settings().heartbeat(),
                                      new JsonLines(route.monitors())).stream(out);
    }

    /**
     * An NDJSON client takes the shared stream's blocks one at a time and writes each event as a JSON line (a block
     * that dispatches none writes nothing), flushing when it has written all that waits; it gets no hint at the end.
     */
    private static final class JsonLines extends QueuedClientWriter.OneAtATime {
        private final Monitors monitors;
        private final List<String> lines = new ArrayList<>(1);

        JsonLines(Monitors monitors) {
            super(NDJSON_HEARTBEAT);
            this.monitors = monitors;
        }

        @Override
        void write(SharedEvent event, ClientQueue queue, OutputStream out, StreamState stream) throws IOException {
            lines.clear();
            json(event, lines);
            if (!lines.isEmpty()) {
                byte[] line = (lines.getFirst() + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(line);
                stream.counted(1, line.length);
                monitors.event(stream, line.length, System.nanoTime() - event.madeNanos());
            }
            if (queue.isEmpty()) {
                out.flush();
            }
        }

        @Override
        public boolean hintsRetry(CloseReason reason) {
            return false;
        }
    }

    /**
     * Adds the JSON object of a shared stream's block to {@code out} when the block dispatches an event: its id is
     * the last event id in effect (what the client sends back), its type {@code message} when it has none.
     */
    private static void json(SharedEvent block, List<String> out) {
        if (!block.dispatches()) {
            return;
        }
        List<SseEvent> parsed = new ArrayList<>(1);
        SseParser parser = new SseParser(block.size() + 16L, b -> {
            if (b.dispatches()) {
                parsed.add(b.event());
            }
        });
        try {
            parser.feed(block.bytes());
        } catch (IOException e) {
            return; // a whole block from the shared stream's own parser: cannot happen
        }
        for (SseEvent event : parsed) {
            out.add(Json.event(block.lastId(), event.type() == null ? "" : event.type(), event.data()));
        }
    }
}
