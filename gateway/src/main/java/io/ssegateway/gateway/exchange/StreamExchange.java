package io.ssegateway.gateway.exchange;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.gateway.edge.ErrorAnswers;
import io.ssegateway.gateway.helidon.ResponseHead;
import io.ssegateway.gateway.relay.PassthroughLoop;
import io.ssegateway.gateway.relay.PlainCopyLoop;
import io.ssegateway.gateway.relay.RelayLoop;
import io.ssegateway.gateway.relay.TransformLoop;
import io.ssegateway.gateway.resilience.StreamLimits;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.share.ShareRegistry;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.gateway.stream.StreamSupervisor;
import io.ssegateway.gateway.upstream.HopByHop;
import io.ssegateway.gateway.upstream.UpstreamCall;
import io.ssegateway.gateway.upstream.UpstreamRequest;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client request on a route, start to end: auth, limits, upstream pick with failover until the first byte,
 * response headers, then the relay loop, resuming a broken upstream with {@code Last-Event-ID} while the client stays.
 */
final class StreamExchange {
    private static final Logger LOGGER = Logger.getLogger(StreamExchange.class.getName());
    private static final byte[] RECONNECT_BLOCK = ("retry: " + ErrorAnswers.RETRY_MS + "\n\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final Route route;
    private final ServerRequest req;
    private final ServerResponse res;
    private final StreamSupervisor supervisor;
    private final StreamLimits limits;
    private final ClientRequestView view;
    private final StreamState stream;
    private final UpstreamCall call;
    private final Admission admission;
    private final RelayedHeaders relayedHeaders;
    /**
     * The response's body could not be completed (a body shorter than its Content-Length, a broken body that is not
     * an event stream): the client's HTTP/1 connection is closed when the exchange ends, so it cannot take what it
     * got for a whole response.
     */
    private boolean cutClient;
    private final ShareRegistry shares;

    StreamExchange(Route route, ServerRequest req, ServerResponse res, StreamSupervisor supervisor,
                   StreamLimits limits, RelayedHeaders relayedHeaders, ShareRegistry shares) {
        this.route = route;
        this.shares = shares;
        this.relayedHeaders = relayedHeaders;
        this.req = req;
        this.res = res;
        this.supervisor = supervisor;
        this.limits = limits;
        this.view = new ClientRequestView(req, route.id());
        this.stream = new StreamState(route, view.clientAddress());
        this.call = new UpstreamCall(route, req, view, stream);
        this.admission = new Admission("route", route.id(), route.monitors(), view, stream, res);
    }

    void run() {
        AuthDecision.Allow allowed = admission.authenticate(route.auth(), "", () -> { });
        if (allowed == null) {
            return;
        }
        String client = allowed.identity().isEmpty() ? view.clientAddress() : allowed.identity();
        StreamLimits.Refusal refusal = limits.acquire(route.id(), client);
        if (refusal != StreamLimits.Refusal.NONE) {
            refuse(refusal);
            return;
        }
        supervisor.add(stream);
        try {
            serve(allowed);
        } finally {
            limits.release(route.id(), client);
            supervisor.remove(stream);
            stream.closed();
        }
        if (cutClient) {
            // Helidon closes the connection at once (logged at TRACE only)
            throw new CloseConnectionException("stream " + stream.streamId() + ": the response body cannot be"
                                               + " completed; the client's connection is closed");
        }
    }

    /** Whether the client speaks HTTP/1.x, where a connection carries one response at a time. */
    private boolean http1() {
        return req.prologue().protocolVersion().startsWith("1.");
    }

    private void serve(AuthDecision.Allow allowed) {
        if (Http2ClientWatch.alreadyGone(res)) {
            // reset before it was served (HTTP/2 rapid reset): no upstream request, and nothing the upstream is blamed for
            route.monitors().rejected(view, 499, "client_gone");
            return;
        }
        // a long-poll or NDJSON client of a route with share: the shared stream's events as JSON
        if (SharedJsonExchange.applies(route, req, shares)) {
            new SharedJsonExchange(route, req, res, stream, shares).serve(allowed);
            return;
        }
        // a route with share: served by the shared stream of its key unless it needs a private one (SharedExchange),
        // which it joins once caught up
        SharedExchange shared = null;
        if (SharedExchange.applies(route, req, shares)) {
            shared = new SharedExchange(route, req, res, stream, relayedHeaders, shares);
            if (shared.serve(allowed)) {
                return;
            }
        }
        UpstreamCall.Result first = call.connectAside(allowed, null);
        if (first.failure() != null) {
            answerFailure(first.failure());
            return;
        }
        CloseReason reason = CloseReason.ERROR;
        try {
            reason = relay(first, allowed, shared);
        } finally {
            stream.closeUpstream();
            route.monitors().closed(stream, reason);
        }
    }

    /** 503 for the gateway-wide limit, 429 for the route and client limits, or the retry answer; Retry-After set. */
    private void refuse(StreamLimits.Refusal refusal) {
        admission.refuse(refusal, limits.settings().retryAfter(), UpstreamRequest.wantsEventStream(req)
                && route.settings().onUpstreamError() == OnUpstreamError.RETRY);
    }

    private void answerFailure(UpstreamCall.Failure failure) {
        LOGGER.log(Level.INFO, "route " + route.id() + ": " + failure.message());
        stream.status(failure.status());
        route.monitors().error(stream, failure.monitorKind(), failure.cause());
        route.monitors().rejected(view, failure.status(), failure.error());
        if (call.closesConnection() && http1()) {
            res.header(HeaderNames.CONNECTION, "close");
        }
        if (route.settings().onUpstreamError() == OnUpstreamError.RETRY && UpstreamRequest.wantsEventStream(req)
                && failure.upstreamsFault()) {
            ErrorAnswers.retry(res, failure.error(), failure.message());
        } else {
            ErrorAnswers.json(res, failure.status(), failure.error(), failure.message(), route.id());
        }
    }

    /**
     * Sends the upstream's status and headers, then relays its body, resuming it when it breaks; returns why it ended.
     * With {@code shared} (a sharing route's client whose id was not in the replay buffer), the client moves to the
     * shared stream once an event written to it is in that stream's replay buffer.
     */
    private CloseReason relay(UpstreamCall.Result first, AuthDecision.Allow allowed, SharedExchange shared) {
        boolean eventStream = relayHead(first.response());
        int status = stream.status();
        boolean parsing = eventStream && !route.transforms().isEmpty();
        if (eventStream) {
            allowed.expiresAt().ifPresent(at -> stream.credentialExpiresIn(Duration.between(Instant.now(), at)));
            if (!res.headers().contains(HeaderNames.CACHE_CONTROL)) {
                res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            }
            if (!res.headers().contains(HeaderNames.create("X-Accel-Buffering"))) {
                res.header("X-Accel-Buffering", "no");
            }
        }
        // a body decoded here or not read to its end leaves the connection unusable; a watched one is never read
        // again by Helidon: both responses close the connection (ProxyHandler ends it after the response)
        boolean closes = call.closesConnection() && http1();
        boolean watched = eventStream && !closes
                && ClientWatch.watch(req, () -> stream.abort(CloseReason.CLIENT_GONE));
        if (watched || closes) {
            res.header(HeaderNames.CONNECTION, "close");
        }
        if (!watched && eventStream) {
            Http2ClientWatch.watch(res, stream);
        }
        OutputStream helidonOut;
        try {
            helidonOut = res.outputStream();
        } catch (RuntimeException e) {
            call.dropped(first.upstream());
            return CloseReason.CLIENT_GONE;
        }
        // Helidon sends the head with the first body bytes; an event stream's goes now (a flush here sent nothing)
        if (eventStream && !ResponseHead.send(res)) {
            call.dropped(first.upstream());
            return CloseReason.CLIENT_GONE;
        }
        // the listener has no response buffer (ListenerTuning); these start at 512 B and grow only while a stream is
        // busy, so thousands of quiet streams do not each hold 4 KiB
        OutputStream out = eventStream ? ClientChunkedWriter.over(res, helidonOut) : null;
        if (out == null) {
            out = new BufferedOutputStream(helidonOut);
        }
        route.monitors().opened(stream);
        RelayLoop loop;
        if (!eventStream) {
            loop = new PlainCopyLoop(stream, out);
        } else if (parsing) {
            loop = new TransformLoop(stream, out, route.transforms(), route.settings().maxEventSize());
        } else {
            loop = new PassthroughLoop(stream, out, route.settings().maxEventSize(),
                                       resume().enabled() || shared != null);
        }
        if (shared != null && eventStream && status / 100 == 2) {
            loop.handOff(shared::joinCaughtUp);
        }
        CloseReason reason = new Resumer(route, req, stream, call)
                .relay(loop, first, allowed, eventStream, eventStream && status / 100 == 2);
        if (loop.handedOff()) {
            reason = shared.relayCaughtUp(out); // the private upstream is closed; the shared stream's events follow
        }
        if (reason != CloseReason.UPSTREAM_ENDED && (!eventStream || res.headers().contains(HeaderNames.CONTENT_LENGTH))
                && http1()) {
            // the body cannot be completed: ending it (a last chunk, or keep-alive after a short Content-Length,
            // where the client waited for the missing bytes until the idle timeout) would tell the client it is whole
            cutClient = true;
            return reason;
        }
        boolean reconnect = reason == CloseReason.SHUTDOWN || reason == CloseReason.AUTH_EXPIRED
                || reason == CloseReason.SLOW_CLIENT;
        boolean closed = loop.finish(reconnect ? RECONNECT_BLOCK : null,
                                     reason == CloseReason.UPSTREAM_ENDED || reason == CloseReason.UPSTREAM_ERROR);
        if (!closed && reason == CloseReason.UPSTREAM_ENDED) {
            reason = CloseReason.CLIENT_GONE;
        }
        return reason;
    }

    /**
     * Sets the client's status and headers from the upstream's; returns whether it is an event stream. Its own
     * method, so that the frames a stream keeps while it runs do not hold the response.
     */
    private boolean relayHead(HttpClientResponse response) {
        int status = response.status().code();
        stream.status(status);
        boolean eventStream = isEventStream(response);
        res.status(Status.create(status, response.status().reasonPhrase()));
        Set<String> skip = HopByHop.namesIn(response.headers());
        boolean parsing = eventStream && !route.transforms().isEmpty();
        for (Header header : response.headers()) {
            if (!HopByHop.skip(header, skip)
                    && !(eventStream && header.name().equalsIgnoreCase("content-length") && parsing)) {
                res.header(header);
            }
        }
        relayedHeaders.adjust(res.headers(), response.headers());
        return eventStream;
    }

    private ResilienceSettings.Resume resume() {
        return route.settings().resilience().resume();
    }

    static boolean isEventStream(HttpClientResponse response) {
        return response.headers().contentType()
                .map(type -> type.mediaType().text().equalsIgnoreCase("text/event-stream")).orElse(false);
    }
}
