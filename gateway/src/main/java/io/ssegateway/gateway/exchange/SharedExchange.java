package io.ssegateway.gateway.exchange;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.ShareSettings;
import io.ssegateway.gateway.edge.ErrorAnswers;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.share.ClientQueue;
import io.ssegateway.gateway.share.FirstAnswer;
import io.ssegateway.gateway.share.ShareRegistry;
import io.ssegateway.gateway.share.SharedRequestView;
import io.ssegateway.gateway.share.SharedEvent;
import io.ssegateway.gateway.share.SharedStream;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.gateway.upstream.HopByHop;
import io.ssegateway.gateway.upstream.UpstreamRequest;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client of a shared stream (a route with {@code share}): joins the shared upstream stream of its key, answers
 * with the upstream's head, then writes the shared stream's events from its {@link ClientQueue} on the request's own
 * thread, with blocking writes, a flush when the queue is empty, and a heartbeat when nothing came for the route's
 * heartbeat interval. A client falling behind by more than {@code max-queue} gets a {@code retry:} hint at an event
 * boundary and is closed ({@code slow_client}). When the upstream's first answer is not an event stream, or none
 * came, every client that waited gets that answer (or the gateway's error answer): the origin sees one request.
 * {@link #serve} returns false when the client is to be served by a private upstream stream instead (its
 * {@code Last-Event-ID} not in the replay buffer); that stream then asks, after each event it writes, whether the
 * client can join the shared stream from there ({@link #joinCaughtUp}), and once it can, its upstream is closed and
 * the client goes on here ({@link #relayCaughtUp}) on the same response.
 */
final class SharedExchange {
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    /**
     * The most bytes of a batch written between flushes: the size of the write buffers the clients share
     * ({@link ClientChunkedWriter#release()}: a client holds one only while it writes a batch; 5,000 parked clients of
     * S5 held 4 KiB each for good before), while a write still carries a dozen events of 200 B.
     */
    private static final int MAX_WRITE = ClientChunkedWriter.SHARED_CAPACITY;
    /** Events of a batch above which the next wake starts with a new list instead of keeping the grown one. */
    private static final int KEPT_BATCH = 16;
    /**
     * How long a privately served client waits, at most, for the shared stream to get the event it was just written,
     * when the shared stream has the one before: their upstreams get each event a moment apart, and a private stream
     * that is always a moment ahead would never find its last id there.
     */
    private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(1);

    private final Route route;
    private final ServerRequest req;
    private final ServerResponse res;
    private final StreamState stream;
    private final RelayedHeaders relayedHeaders;
    private final ShareRegistry registry;
    /** The share key; set by {@link #serve}. */
    private String key;
    /** The queue a privately served client joins the shared stream with; kept while it has not joined. */
    private ClientQueue caughtUp;
    /** The id {@link #joinCaughtUp} was last asked with, or null. */
    private String asked;
    /** Whether waiting for the shared stream may still help; false after a wait in vain. */
    private boolean waits = true;

    SharedExchange(Route route, ServerRequest req, ServerResponse res, StreamState stream,
                   RelayedHeaders relayedHeaders, ShareRegistry registry) {
        this.route = route;
        this.req = req;
        this.res = res;
        this.stream = stream;
        this.relayedHeaders = relayedHeaders;
        this.registry = registry;
    }

    /** Whether this request may be served by a shared stream: a GET for an event stream on a sharing route. */
    static boolean applies(Route route, ServerRequest req, ShareRegistry registry) {
        return registry != null && route.settings().share().isPresent() && req.prologue().method() == Method.GET
                && UpstreamRequest.wantsEventStream(req) && !UpstreamRequest.hasBody(req);
    }

    /** Serves the client from a shared stream; false when it must have a private upstream stream instead. */
    boolean serve(AuthDecision.Allow allowed) {
        String lastEventId = req.headers().first(HeaderNames.create("Last-Event-ID")).orElse(null);
        ClientQueue queue = new ClientQueue(route.settings().share().orElseThrow().maxQueue());
        Joining joining = joining(route, req, allowed, Set.of());
        key = joining.key();
        SharedStream shared = registry.join(key, route, joining.target(), lastEventId, queue);
        if (shared == null) {
            return false;
        }
        try {
            // an abort (client gone, write stall, drain) ends the queue, which wakes every wait on it
            stream.upstreamConnection(queue::close);
            FirstAnswer answer;
            Duration wait = route.settings().timeouts().firstByte()
                    .multipliedBy(2L + route.settings().resilience().retries())
                    .plus(route.settings().timeouts().connect());
            try {
                answer = shared.awaitAnswer(queue, wait);
            } catch (InterruptedException e) {
                Thread.interrupted();
                answer = null;
            }
            if (answer == null && stream.abortReason() != null) {
                if (stream.abortReason() == CloseReason.SHUTDOWN) {
                    ErrorAnswers.retry(res, "shutting_down", "the gateway is shutting down");
                }
                return true; // the client went away or the gateway is closing: nothing to open for it
            }
            if (answer == null) {
                answer = new FirstAnswer.Failed(504, "upstream_timeout", "the shared upstream stream did not answer"
                                                + " within " + wait.toMillis() + " ms");
            }
            if (answer instanceof FirstAnswer.Other other) {
                relayOther(other);
                return true;
            }
            if (answer instanceof FirstAnswer.Failed failed) {
                answerFailure(failed);
                return true;
            }
            FirstAnswer.EventStream head = (FirstAnswer.EventStream) answer;
            CloseReason reason = CloseReason.ERROR;
            try {
                reason = relay(head, queue);
            } finally {
                route.monitors().closed(stream, reason);
            }
            return true;
        } finally {
            queue.close();
        }
    }

    /**
     * A client served privately since {@link #serve} returned false was just written the event with id
     * {@code lastEventId}: joins the shared stream of its key from there if that id is in its replay buffer. True
     * when it joined; the caller then closes the private upstream and calls {@link #relayCaughtUp}.
     */
    boolean joinCaughtUp(String lastEventId) {
        if (caughtUp == null) {
            caughtUp = new ClientQueue(route.settings().share().orElseThrow().maxQueue());
        }
        String behind = waits ? asked : null;
        asked = lastEventId;
        long start = System.nanoTime();
        try {
            if (registry.joinCaughtUp(key, lastEventId, behind, CATCH_UP_WAIT, caughtUp) != null) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.interrupted(); // an abort: the relay loop sees it
            return false;
        }
        if (behind != null && System.nanoTime() - start >= CATCH_UP_WAIT.toNanos()) {
            waits = false; // waited in vain: the shared stream does not get this client's events; no more waits
        }
        return false;
    }

    /**
     * Writes the shared stream's events to the client that joined it once caught up ({@link #joinCaughtUp}), on
     * {@code out}, its response so far; returns why it ended. The caller ends the response (a {@code retry:} hint
     * after a slow-client close or a drain).
     */
    CloseReason relayCaughtUp(OutputStream out) {
        ClientQueue queue = caughtUp;
        try {
            stream.upstreamConnection(queue::close); // an abort now ends the queue
            return writer(queue).continueOn(out);
        } finally {
            queue.close();
        }
    }

    /**
     * Puts {@code queue} on the shared stream of the request's share key (opening it if none is open); null when
     * {@code lastEventId} is not in its replay buffer. Query parameters named in {@code gatewayParams} (the
     * gateway's own, such as a long-poll's {@code format}) are left out of the key and the upstream request.
     */
    static SharedStream join(Route route, ServerRequest req, AuthDecision.Allow allowed, ShareRegistry registry,
                             String lastEventId, ClientQueue queue, Set<String> gatewayParams) {
        Joining joining = joining(route, req, allowed, gatewayParams);
        return registry.join(joining.key(), route, joining.target(), lastEventId, queue);
    }

    /** A share key and the shared upstream request it stands for. */
    private record Joining(String key, SharedStream.Target target) {
    }

    /** The share key of a request and its shared upstream request, without the gateway's own query parameters. */
    private static Joining joining(Route route, ServerRequest req, AuthDecision.Allow allowed,
                                   Set<String> gatewayParams) {
        ShareSettings share = route.settings().share().orElseThrow();
        URI upstreamUri = UpstreamRequest.uri(URI.create("http://shared.invalid"), route.settings(), req, allowed);
        String query = withoutParams(upstreamUri.getRawQuery(), gatewayParams);
        String pathAndQuery = upstreamUri.getRawPath() + (query == null ? "" : "?" + query);
        StringBuilder key = new StringBuilder(route.id()).append('\n').append(pathAndQuery);
        for (String name : share.keyHeaders()) {
            key.append('\n').append(name).append(": ")
                    .append(String.join(", ", req.headers().values(HeaderNames.create(name))));
        }
        if (share.keyIdentity()) {
            key.append("\nidentity: ").append(allowed.identity());
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : share.upstreamHeaders()) {
            List<String> values = req.headers().values(HeaderNames.create(name));
            if (!values.isEmpty()) {
                headers.put(name, values);
            }
        }
        return new Joining(key.toString(), new SharedStream.Target(pathAndQuery, headers, new SharedRequestView(
                route.id(), pathAndQuery, headers, share.keyIdentity() ? allowed.identity() : null)));
    }

    /** A raw query without the parameters named (matched by their raw names); null if empty. */
    private static String withoutParams(String rawQuery, Set<String> names) {
        if (rawQuery == null || names.isEmpty()) {
            return rawQuery;
        }
        StringBuilder kept = new StringBuilder();
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            if (!names.contains(name)) {
                kept.append(kept.isEmpty() ? "" : "&").append(part);
            }
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    /**
     * The shared upstream's first answer was not an event stream: the client gets it as it is (status, headers but
     * hop-by-hop ones and {@code Set-Cookie}, body), as every other client that waited for it.
     */
    private void relayOther(FirstAnswer.Other answer) {
        stream.upstream(answer.upstream());
        stream.status(answer.status());
        res.status(Status.create(answer.status(), answer.reason()));
        Set<String> skip = HopByHop.namesIn(answer.headers());
        for (Header header : answer.headers()) {
            if (!HopByHop.skip(header, skip) && !header.name().equalsIgnoreCase("content-length")
                    && !header.name().equalsIgnoreCase("set-cookie")) {
                res.header(header);
            }
        }
        relayedHeaders.adjust(res.headers(), answer.headers());
        route.monitors().opened(stream);
        CloseReason reason = CloseReason.UPSTREAM_ENDED;
        try {
            res.send(answer.body());
        } catch (RuntimeException e) {
            reason = CloseReason.CLIENT_GONE;
        } finally {
            route.monitors().closed(stream, reason);
        }
    }

    /** No upstream answered the shared request: the client gets the gateway's error answer, as a private one would. */
    private void answerFailure(FirstAnswer.Failed failed) {
        stream.status(failed.status());
        route.monitors().rejected(new ClientRequestView(req, route.id()), failed.status(), failed.error());
        if (route.settings().onUpstreamError() == OnUpstreamError.RETRY) {
            ErrorAnswers.retry(res, failed.error(), failed.message());
        } else {
            ErrorAnswers.json(res, failed.status(), failed.error(), failed.message(), route.id());
        }
    }

    private CloseReason relay(FirstAnswer.EventStream head, ClientQueue queue) {
        stream.upstream(head.upstream());
        stream.status(head.status());
        res.status(Status.create(head.status(), head.reason()));
        Set<String> skip = HopByHop.namesIn(head.headers());
        for (Header header : head.headers()) {
            if (!HopByHop.skip(header, skip) && !header.name().equalsIgnoreCase("content-length")) {
                res.header(header);
            }
        }
        relayedHeaders.adjust(res.headers(), head.headers());
        if (!res.headers().contains(HeaderNames.CACHE_CONTROL)) {
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        }
        if (!res.headers().contains(HeaderNames.create("X-Accel-Buffering"))) {
            res.header("X-Accel-Buffering", "no");
        }
        OutputStream out = StreamingResponse.open(req, res, stream);
        if (out == null) {
            return CloseReason.CLIENT_GONE;
        }
        return writer(queue).stream(out);
    }

    private QueuedClientWriter writer(ClientQueue queue) {
        return new QueuedClientWriter(stream, queue, route.monitors(), route.settings().heartbeat(),
                                      new Batches(route.monitors()));
    }

    /**
     * A shared stream's client takes every event waiting at each wake and writes them with few flushes (one per
     * {@link #MAX_WRITE} bytes): a client that fell behind catches up in few large writes. A block that dispatches no
     * event (a comment, a {@code retry}) counts its bytes only.
     */
    private static final class Batches implements QueuedClientWriter.Form {
        private final Monitors monitors;
        private List<SharedEvent> batch = new ArrayList<>();

        Batches(Monitors monitors) {
            this.monitors = monitors;
        }

        @Override
        public boolean take(ClientQueue queue, long timeoutNanos) throws InterruptedException {
            // a list grown by a large batch is let go, so a parked client does not keep its largest batch's array
            // (1,000 clients of one stream kept 117-175 slots each, ~0.7 KB)
            if (batch.size() > KEPT_BATCH) {
                batch = new ArrayList<>();
            } else {
                batch.clear();
            }
            queue.drainTo(batch, timeoutNanos);
            return !batch.isEmpty();
        }

        @Override
        public void write(ClientQueue queue, OutputStream out, StreamState stream) throws IOException {
            List<SharedEvent> batch = this.batch;
            int unflushed = 0;
            for (int i = 0; i < batch.size(); i++) {
                byte[] bytes = batch.get(i).bytes();
                if (unflushed > 0 && unflushed + bytes.length > MAX_WRITE) {
                    out.flush();
                    unflushed = 0;
                }
                out.write(bytes);
                unflushed += bytes.length;
            }
            flushAndRelease(out);
            long written = System.nanoTime();
            for (int i = 0; i < batch.size(); i++) {
                SharedEvent event = batch.get(i);
                if (event.dispatches()) {
                    stream.counted(1, event.size());
                    monitors.event(stream, event.size(), written - event.madeNanos());
                } else {
                    stream.counted(0, event.size());
                }
            }
        }

        @Override
        public void heartbeat(OutputStream out) throws IOException {
            out.write(HEARTBEAT);
            flushAndRelease(out);
        }

        @Override
        public boolean hintsRetry(CloseReason reason) {
            return reason == CloseReason.SHUTDOWN || reason == CloseReason.SLOW_CLIENT;
        }

        /** Sends what was written; the client's write buffer goes back to the shared pool until its next batch. */
        private static void flushAndRelease(OutputStream out) throws IOException {
            if (out instanceof ClientChunkedWriter chunked) {
                chunked.release();
            } else {
                out.flush();
            }
        }
    }
}
