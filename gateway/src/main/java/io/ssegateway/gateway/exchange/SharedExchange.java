package io.ssegateway.gateway.exchange;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.config.ShareSettings;
import io.ssegateway.gateway.edge.ErrorAnswers;
import io.ssegateway.gateway.helidon.ResponseHead;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.share.ClientQueue;
import io.ssegateway.gateway.share.ShareRegistry;
import io.ssegateway.gateway.share.SharedRequestView;
import io.ssegateway.gateway.share.SharedEvent;
import io.ssegateway.gateway.share.SharedStream;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.gateway.upstream.HopByHop;
import io.ssegateway.gateway.upstream.UpstreamRequest;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client of a shared stream (a route with {@code share}): joins the shared upstream stream of its key, answers
 * with the upstream's head, then writes the shared stream's events from its {@link ClientQueue} on the request's own
 * thread, with blocking writes, a flush when the queue is empty, and a heartbeat when nothing came for the route's
 * heartbeat interval. A client falling behind by more than {@code max-queue} gets a {@code retry:} hint at an event
 * boundary and is closed ({@code slow_client}). {@link #serve} returns false when the client is to be served by a
 * private upstream stream instead (its {@code Last-Event-ID} not in the replay buffer, or the upstream's answer not
 * shareable).
 */
final class SharedExchange {
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRY_HINT = ("retry: " + ErrorAnswers.RETRY_MS + "\n\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final Route route;
    private final ServerRequest req;
    private final ServerResponse res;
    private final StreamState stream;
    private final RelayedHeaders relayedHeaders;
    private final ShareRegistry registry;
    private volatile Thread writer;

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
        SharedStream shared = join(route, req, allowed, registry, lastEventId, queue, Set.of());
        if (shared == null) {
            return false;
        }
        try {
            // an abort (client gone, write stall, drain) ends the queue, which wakes every wait on it
            stream.upstreamConnection(queue::close);
            SharedStream.Head head;
            try {
                Duration wait = route.settings().timeouts().firstByte()
                        .multipliedBy(1L + route.settings().resilience().retries())
                        .plus(route.settings().timeouts().connect());
                head = shared.awaitHead(queue, wait);
            } catch (InterruptedException e) {
                Thread.interrupted();
                head = null;
            }
            if (head == null && stream.abortReason() != null) {
                if (stream.abortReason() == CloseReason.SHUTDOWN) {
                    ErrorAnswers.retry(res, "shutting_down", "the gateway is shutting down");
                }
                return true; // the client went away or the gateway is closing: nothing to open for it
            }
            if (head == null) {
                return false;
            }
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
     * Puts {@code queue} on the shared stream of the request's share key (opening it if none is open); null when
     * {@code lastEventId} is not in its replay buffer. Query parameters named in {@code gatewayParams} (the
     * gateway's own, such as a long-poll's {@code format}) are left out of the key and the upstream request.
     */
    static SharedStream join(Route route, ServerRequest req, AuthDecision.Allow allowed, ShareRegistry registry,
                             String lastEventId, ClientQueue queue, Set<String> gatewayParams) {
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
        return registry.join(key.toString(), route,
                             new SharedStream.Target(pathAndQuery, headers, new SharedRequestView(
                                     route.id(), pathAndQuery, headers, share.keyIdentity() ? allowed.identity() : null)),
                             lastEventId, queue);
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

    private CloseReason relay(SharedStream.Head head, ClientQueue queue) {
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
        if (ClientWatch.watch(req, () -> stream.abort(CloseReason.CLIENT_GONE))) {
            res.header(HeaderNames.CONNECTION, "close");
        } else {
            Http2ClientWatch.watch(res, stream);
        }
        OutputStream helidonOut;
        try {
            helidonOut = res.outputStream();
        } catch (RuntimeException e) {
            return CloseReason.CLIENT_GONE;
        }
        if (!ResponseHead.send(res)) {
            return CloseReason.CLIENT_GONE;
        }
        OutputStream out = ClientChunkedWriter.over(res, helidonOut);
        if (out == null) {
            out = new BufferedOutputStream(helidonOut);
        }
        writer = Thread.currentThread();
        queue.onSlow(this::slow);
        // the supervisor watches a streaming stream's writes (write-stall); its heartbeats are written here
        stream.connecting(System.nanoTime() + Duration.ofDays(1).toNanos()); // no connect of its own to time out
        stream.connected();
        route.monitors().opened(stream);
        CloseReason reason = loop(queue, out);
        try {
            if (reason == CloseReason.SHUTDOWN) {
                out.write(RETRY_HINT);
            } else if (reason == CloseReason.SLOW_CLIENT) {
                out.write(RETRY_HINT);
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            if (reason == CloseReason.UPSTREAM_ENDED) {
                reason = CloseReason.CLIENT_GONE;
            }
        }
        return reason;
    }

    /** Writes the queue's events until the queue or the stream ends; returns why. */
    private CloseReason loop(ClientQueue queue, OutputStream out) {
        long heartbeat = route.settings().heartbeat().toNanos();
        while (true) {
            SharedEvent event;
            try {
                event = queue.next(heartbeat);
            } catch (InterruptedException e) {
                Thread.interrupted();
                event = null;
            }
            CloseReason aborted = stream.abortReason();
            if (aborted != null) {
                return aborted;
            }
            ClientQueue.End end = queue.end();
            if (event == null && end != null) {
                return switch (end) {
                case UPSTREAM_ENDED -> CloseReason.UPSTREAM_ENDED;
                case UPSTREAM_ERROR -> CloseReason.UPSTREAM_ERROR;
                case SLOW -> CloseReason.SLOW_CLIENT;
                case LEFT -> CloseReason.CLIENT_GONE;
                };
            }
            long now = System.nanoTime();
            stream.writeStarted(now);
            try {
                if (event == null) {
                    out.write(HEARTBEAT);
                    out.flush();
                } else {
                    out.write(event.bytes());
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                    if (event.dispatches()) {
                        stream.counted(1, event.size());
                        route.monitors().event(stream, event.size(), System.nanoTime() - event.madeNanos());
                    } else {
                        stream.counted(0, event.size());
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (queue.end() == ClientQueue.End.SLOW) {
                    return CloseReason.SLOW_CLIENT;
                }
                CloseReason why = stream.abortReason();
                return why != null ? why : CloseReason.CLIENT_GONE;
            } finally {
                stream.writeDone();
            }
            stream.activity(now);
        }
    }

    /**
     * The client fell behind by more than {@code max-queue} (run on the shared reader's thread): a client blocked in
     * a write cannot take a {@code retry:} hint at an event boundary, so its write is interrupted, which closes its
     * connection; an idle one wakes from its queue and writes the hint.
     */
    private void slow() {
        Thread t = writer;
        if (t != null && stream.writeStarted() != 0) {
            t.interrupt();
        }
    }
}
