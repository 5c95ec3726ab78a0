package io.ssegateway.gateway.relay;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.gateway.resilience.Backoff;
import io.ssegateway.gateway.resilience.StreamLimits;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.share.ShareRegistry;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client request on a route, start to end: auth, limits, upstream pick with failover until the first byte,
 * response headers, then the relay loop, resuming a broken upstream with {@code Last-Event-ID} while the client stays.
 */
final class StreamExchange {
    private static final Logger LOGGER = Logger.getLogger(StreamExchange.class.getName());
    private static final AuthDecision.Allow ANONYMOUS = new AuthDecision.Allow("", Map.of(), Set.of(), Set.of(),
                                                                               Set.of());
    private static final byte[] DRAIN_BLOCK = ("retry: " + ErrorAnswers.RETRY_MS + "\n\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final Route route;
    private final ServerRequest req;
    private final ServerResponse res;
    private final StreamSupervisor supervisor;
    private final StreamLimits limits;
    private final ClientRequestView view;
    private final RelayStream stream;
    private final UpstreamCall call;
    private final RelayedHeaders relayedHeaders;
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
        this.stream = new RelayStream(route, view.clientAddress());
        this.call = new UpstreamCall(route, req, view, stream);
    }

    void run() {
        AuthDecision.Allow allowed = authenticate();
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
    }

    private void serve(AuthDecision.Allow allowed) {
        // a route with share: served by the shared stream of its key unless it needs a private one (SharedExchange)
        if (SharedExchange.applies(route, req, shares)
                && new SharedExchange(route, req, res, stream, relayedHeaders, shares).serve(allowed)) {
            return;
        }
        UpstreamCall.Result first = call.connectAside(allowed, null);
        if (first.failure() != null) {
            answerFailure(first.failure());
            return;
        }
        CloseReason reason = CloseReason.ERROR;
        try {
            reason = relay(first, allowed);
        } finally {
            stream.closeUpstream();
            route.monitors().closed(stream, reason);
        }
    }

    /** Runs the route's auth plugin; answers and returns null when the request is denied. */
    private AuthDecision.Allow authenticate() {
        if (route.auth().isEmpty()) {
            return ANONYMOUS;
        }
        AuthDecision decision;
        try {
            decision = route.auth().get().authenticate(view);
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "auth plugin of route " + route.id() + " threw; request denied", e);
            route.monitors().rejected(view, 500, "auth_error");
            ErrorAnswers.json(res, 500, "auth_error", "authentication failed inside the gateway", route.id());
            return null;
        }
        if (decision instanceof AuthDecision.Deny deny) {
            route.monitors().rejected(view, deny.status(), "auth_denied");
            deny.responseHeaders().forEach((name, value) -> res.header(name, ErrorAnswers.oneLine(value)));
            ErrorAnswers.json(res, deny.status(), deny.status() == 401 ? "unauthorized" : "forbidden",
                              deny.message(), route.id());
            return null;
        }
        AuthDecision.Allow allow = (AuthDecision.Allow) decision;
        view.identity(allow.identity());
        stream.identity(allow.identity());
        return allow;
    }

    /** 503 for the gateway-wide limit, 429 for the route and client limits, or the retry answer; Retry-After set. */
    private void refuse(StreamLimits.Refusal refusal) {
        int status = refusal == StreamLimits.Refusal.GATEWAY ? 503 : 429;
        String error = switch (refusal) {
        case GATEWAY -> "gateway_stream_limit";
        case ROUTE -> "route_stream_limit";
        default -> "client_stream_limit";
        };
        String message = switch (refusal) {
        case GATEWAY -> "the gateway has as many open streams as limits.max-streams allows";
        case ROUTE -> "route " + route.id() + " has as many open streams as limits.per-route allows";
        default -> "this client has as many open streams as limits.per-client allows";
        };
        route.monitors().rejected(view, status, error);
        res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, limits.settings().retryAfter().toSeconds())));
        if (ProxyHandler.wantsEventStream(req) && route.settings().onUpstreamError() == OnUpstreamError.RETRY) {
            ErrorAnswers.retry(res, error, message);
        } else {
            ErrorAnswers.json(res, status, error, message, route.id());
        }
    }

    private void answerFailure(UpstreamCall.Failure failure) {
        LOGGER.log(Level.INFO, "route " + route.id() + ": " + failure.message());
        stream.status(failure.status());
        route.monitors().error(stream, failure.monitorKind(), failure.cause());
        route.monitors().rejected(view, failure.status(), failure.error());
        if (route.settings().onUpstreamError() == OnUpstreamError.RETRY && ProxyHandler.wantsEventStream(req)) {
            ErrorAnswers.retry(res, failure.error(), failure.message());
        } else {
            ErrorAnswers.json(res, failure.status(), failure.error(), failure.message(), route.id());
        }
    }

    /** Sends the upstream's status and headers, then relays its body, resuming it when it breaks; returns why it ended. */
    private CloseReason relay(UpstreamCall.Result first, AuthDecision.Allow allowed) {
        boolean eventStream = relayHead(first.response());
        int status = stream.status();
        boolean parsing = eventStream && !route.transforms().isEmpty();
        if (eventStream) {
            if (!res.headers().contains(HeaderNames.CACHE_CONTROL)) {
                res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            }
            if (!res.headers().contains(HeaderNames.create("X-Accel-Buffering"))) {
                res.header("X-Accel-Buffering", "no");
            }
        }
        boolean watched = eventStream && !UpstreamRequest.hasBody(req)
                && ClientWatch.watch(req, () -> stream.abort(CloseReason.CLIENT_GONE));
        if (watched) {
            res.header(HeaderNames.CONNECTION, "close");
        } else if (eventStream) {
            Http2ClientWatch.watch(res, stream);
        }
        OutputStream helidonOut;
        try {
            helidonOut = res.outputStream();
        } catch (RuntimeException e) {
            return CloseReason.CLIENT_GONE;
        }
        // Helidon sends the head with the first body bytes; an event stream's goes now (a flush here sent nothing)
        if (eventStream && !ResponseHead.send(res)) {
            return CloseReason.CLIENT_GONE;
        }
        // the listener has no response buffer (ListenerTuning); these start at 512 B and grow only while a stream is
        // busy, so thousands of quiet streams do not each hold 4 KiB
        OutputStream out = eventStream ? ChunkedResponseBody.over(res, helidonOut) : null;
        if (out == null) {
            out = new BufferedOutputStream(helidonOut);
        }
        route.monitors().opened(stream);
        RelayLoop loop;
        if (!eventStream) {
            loop = new PlainCopyLoop(stream, out);
        } else if (parsing) {
            loop = new EventLoop(stream, out, route.transforms(), route.settings().maxEventSize());
        } else {
            loop = new PassthroughLoop(stream, out, route.settings().maxEventSize(), resume().enabled());
        }
        CloseReason reason = relayResuming(loop, first, allowed, eventStream, eventStream && status / 100 == 2);
        if (reason == CloseReason.SHUTDOWN) {
            loop.writeFinal(DRAIN_BLOCK);
        } else if (reason == CloseReason.UPSTREAM_ENDED || reason == CloseReason.UPSTREAM_ERROR) {
            loop.flushPartial();
        }
        try {
            out.close();
        } catch (RuntimeException | IOException e) {
            if (reason == CloseReason.UPSTREAM_ENDED) {
                reason = CloseReason.CLIENT_GONE;
            }
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

    private CloseReason relayResuming(RelayLoop loop, UpstreamCall.Result current, AuthDecision.Allow allowed,
                                      boolean eventStream, boolean resumable) {
        int attempt = 0;
        while (true) {
            URI upstream = current.upstream();
            tellBalancer(route.balancer()::streamOpened, upstream);
            CloseReason reason;
            try {
                reason = loop.run(body(current, eventStream));
            } finally {
                tellBalancer(route.balancer()::streamClosed, upstream);
                stream.closeUpstream();
            }
            if (reason == CloseReason.UPSTREAM_ERROR) {
                route.health().failed(upstream, "stream broke after " + stream.events() + " events");
            }
            String lastId = loop.lastRelayedId();
            // a client holding part of a cut-through event cannot take another upstream's events after it
            if (!resumable || !resume().enabled() || lastId == null || !loop.atBlockBoundary()
                    || (reason != CloseReason.UPSTREAM_ENDED && reason != CloseReason.UPSTREAM_ERROR)) {
                return reason;
            }
            UpstreamCall.Result next = null;
            while (next == null && attempt < resume().maxAttempts()) {
                Long retry = loop.upstreamRetry();
                Duration wait = retry != null
                        ? Duration.ofMillis(Math.min(retry, resume().backoffMax().toMillis()))
                        : Backoff.delay(resume().backoffInitial(), resume().backoffMax(), attempt);
                attempt++;
                if (!pause(wait)) {
                    return stream.abortReason();
                }
                UpstreamCall.Result tried = call.connectAside(allowed, lastId);
                if (tried.failure() == null && tried.response().status().code() / 100 == 2
                        && isEventStream(tried.response())) {
                    next = tried;
                } else {
                    if (tried.response() != null) {
                        tried.response().close();
                    }
                    String why = tried.failure() != null ? tried.failure().message()
                            : "upstream answered " + tried.response().status().code();
                    LOGGER.warning("route " + route.id() + ": stream " + stream.streamId() + " resume attempt "
                                   + attempt + " of " + resume().maxAttempts() + " after id " + lastId + " failed: "
                                   + why);
                    route.monitors().resumed(stream, false);
                }
            }
            if (next == null) {
                return reason;
            }
            LOGGER.info("route " + route.id() + ": stream " + stream.streamId() + " resumed on " + next.upstream()
                        + " after id " + lastId + " (" + reason.name().toLowerCase() + " before)");
            route.monitors().resumed(stream, true);
            stream.upstreamConnection(next.response());
            current = next;
            attempt = 0;
        }
    }

    /** The body to relay; a body that reads the connection itself closes it, and the response is let go. */
    private InputStream body(UpstreamCall.Result current, boolean eventStream) {
        InputStream body = eventStream ? UpstreamBody.of(current.response()) : current.response().inputStream();
        if (body instanceof ChunkedBody) {
            stream.upstreamConnection(body);
            current.release();
        }
        return body;
    }

    /** Tells the balancer a stream opened or closed; an exception there is logged and counted, the stream goes on. */
    private void tellBalancer(Consumer<URI> hook, URI upstream) {
        try {
            hook.accept(upstream);
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "balancer plugin of route " + route.id() + " threw in a stream hook; the stream"
                    + " goes on (stream " + stream.streamId() + ")", e);
            route.monitors().error(stream, "balancer", e);
        }
    }

    /** Waits, returning false early if the stream was aborted meanwhile (client gone, shutdown). */
    private boolean pause(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        while (stream.abortReason() == null) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private ResilienceSettings.Resume resume() {
        return route.settings().resilience().resume();
    }

    private static boolean isEventStream(HttpClientResponse response) {
        return response.headers().contentType()
                .map(type -> type.mediaType().text().equalsIgnoreCase("text/event-stream")).orElse(false);
    }
}
