package io.ssegateway.gateway.upstream;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerRequest;
import io.ssegateway.gateway.guard.ClientText;
import io.ssegateway.gateway.helidon.AbandonedRequest;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.balancer.Balancer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens a stream to one of a route's usable upstreams, failing over until the first byte: on a connect failure,
 * refusal, 5xx answer or first-byte timeout the balancer picks again among the upstreams not yet tried, at most
 * {@code retries} more times. Requests with a body are not retried (their body is already spent).
 * <p>
 * Every request goes on a connection of its own, which is closed when its response ends (nginx's default too): none
 * is pooled. A stream holds its connection for its whole life anyway, and WebClient's pool (4.5.0) could not be
 * trusted with the rest: it pooled the connection of a body without a length at once, while the upstream was still
 * writing it (an endless event stream to a client without {@code Accept: text/event-stream}), and with no read
 * timeout (streams must have none) its check of an idle pooled connection failed a request that took it within
 * 101 ms with {@code Read timed out}.
 */
public final class UpstreamCall {
    private static final Logger LOGGER = Logger.getLogger(UpstreamCall.class.getName());

    /**
     * Why no upstream answered, as the client will be told; {@code upstreamsFault} is false for the client's own
     * errors (its body malformed or late), which do not count against the upstream's health.
     */
    public record Failure(int status, String error, String message, Throwable cause, boolean upstreamsFault) {
        /** A failure of the upstream (or of the gateway), counted against the upstream's health. */
        Failure(int status, String error, String message, Throwable cause) {
            this(status, error, message, cause, true);
        }

        /** The error kind monitors hear. */
        public String monitorKind() {
            return error.equals("balancer_error") ? "balancer" : error;
        }
    }

    /**
     * An upstream's response (any status), or the failure. The response is let go once its body reads the
     * connection itself ({@link #release}): WebClient's response keeps its request, URI and header tables, about
     * 4 KB that a stream's frames would otherwise hold for the stream's whole life.
     */
    public static final class Result {
        private final URI upstream;
        private final Failure failure;
        private HttpClientResponse response;

        Result(URI upstream, HttpClientResponse response, Failure failure) {
            this.upstream = upstream;
            this.response = response;
            this.failure = failure;
        }

        /** The upstream answered or tried, or null. */
        public URI upstream() {
            return upstream;
        }

        /** The response, or null for a failure or once released. */
        public HttpClientResponse response() {
            return response;
        }

        /** Why no upstream answered, or null. */
        public Failure failure() {
            return failure;
        }

        /** Lets go of the response: its body holds the connection now. */
        public void release() {
            response = null;
        }
    }

    private final Route route;
    private final ServerRequest req;
    private final RequestView view;
    private final StreamState stream;
    /** The client's body, once a request with one was attempted. */
    private ClientBody body;

    public UpstreamCall(Route route, ServerRequest req, RequestView view, StreamState stream) {
        this.route = route;
        this.req = req;
        this.view = view;
        this.stream = stream;
    }

    /**
     * {@link #connect} on a short-lived virtual thread of its own, while the stream's thread waits. WebClient's call
     * runs about 1,300 words of stack deep when it waits for the response head, and a virtual thread's first stack
     * chunk keeps the size of its deepest wait for the rest of the stream: made here, the stream's thread is never
     * parked deeper than in its relay read (its stack chunks: 1,370 -> 1,080 words, about 2.3 KB less per stream).
     */
    public Result connectAside(AuthDecision.Allow allowed, String lastEventId) {
        return OwnThread.call("sse-upstream-connect", () -> connect(allowed, lastEventId));
    }

    /** Connects, failing over between upstreams; {@code lastEventId} (when resuming) replaces the client's. */
    Result connect(AuthDecision.Allow allowed, String lastEventId) {
        if (body != null) {
            return new Result(null, null, new Failure(502, "body_spent", "the request body was sent to the"
                    + " upstream already and is not kept: a request with a body is not sent again", null, false));
        }
        boolean canRetry = !UpstreamRequest.hasBody(req);
        int attempts = 1 + (canRetry ? route.settings().resilience().retries() : 0);
        List<URI> tried = new ArrayList<>();
        Failure last = null;
        for (int i = 0; i < attempts; i++) {
            List<URI> usable = route.health().usable(tried);
            if (usable.isEmpty()) {
                break;
            }
            URI upstream;
            try {
                upstream = route.balancer().pick(usable, view);
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "balancer plugin of route " + route.id() + " threw; request answered 502", e);
                return new Result(null, null, new Failure(502, "balancer_error",
                        "the route's balancer failed to pick an upstream", e));
            }
            if (upstream == null || !usable.contains(upstream)) {
                if (upstream != null) {
                    dropped(upstream);
                }
                upstream = usable.get(0);
            }
            tried.add(upstream);
            route.health().picked(upstream);
            stream.upstream(upstream.toString());
            Result result = attempt(upstream, allowed, lastEventId);
            if (result.failure() != null && !result.failure().upstreamsFault()) {
                // the client's malformed or slow body: the upstream did nothing wrong, and the body is spent
                return result;
            }
            if (result.failure() != null) {
                dropped(upstream);
                route.health().failed(upstream, result.failure().message());
                last = result.failure();
                continue;
            }
            int code = result.response().status().code();
            if (code < 500) {
                route.health().succeeded(upstream);
                stream.upstreamConnection(result.response());
                return result;
            }
            route.health().failed(upstream, "answered " + code);
            if (i + 1 < attempts && !route.health().usable(tried).isEmpty()) {
                result.response().close();
                dropped(upstream);
                last = new Failure(502, "upstream_status", "upstream " + upstream + " answered " + code, null);
                continue;
            }
            stream.upstreamConnection(result.response());
            return result;
        }
        if (last == null) {
            last = new Failure(502, "no_usable_upstream", "no upstream of route " + route.id()
                    + " is usable now (ejected after failures or failing health checks); next trial in "
                    + route.health().untilUsable().toMillis() + " ms", null);
        }
        return new Result(null, null, last);
    }

    /**
     * Tells the balancer that the upstream it picked will carry no stream ({@link Balancer#pickDropped}); a
     * balancer that throws is logged and the request goes on.
     */
    public void dropped(URI upstream) {
        try {
            route.balancer().pickDropped(upstream);
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "balancer plugin of route " + route.id() + " threw in pickDropped; the request"
                    + " goes on (stream " + stream.streamId() + ")", e);
            route.monitors().error(stream, "balancer", e);
        }
    }

    /**
     * One request to one upstream, waiting for its response headers at most {@code first-byte}; interim (1xx)
     * responses are skipped ({@link FinalResponse}).
     */
    private Result attempt(URI upstream, AuthDecision.Allow allowed, String lastEventId) {
        HttpClientRequest out = route.client()
                .method(Method.create(req.prologue().method().text()))
                .uri(UpstreamRequest.uri(upstream, route.settings(), req, allowed))
                .followRedirects(false);
        boolean eventStream = UpstreamRequest.wantsEventStream(req);
        // every request on a connection of its own, closed when its response ends (see the class comment)
        out.keepAlive(false);
        UpstreamRequest.headers(out, req, view.clientAddress(), allowed,
                                eventStream || !route.transforms().isEmpty());
        if (lastEventId != null) {
            out.header(HeaderNames.create("Last-Event-ID"), lastEventId);
        }
        if (UpstreamRequest.hasBody(req) && body == null) {
            body = ClientBody.of(req);
            stream.clientBody(body);
        }
        stream.connecting(System.nanoTime() + route.settings().timeouts().firstByte().toNanos());
        HttpClientResponse response;
        try {
            if (body != null) {
                response = out.outputStream(os -> {
                    try {
                        body.transferTo(os);
                    } catch (IOException | RuntimeException e) {
                        AbandonedRequest.close(os); // half a request on it: never used again
                        throw e;
                    }
                    os.close();
                });
            } else {
                response = out.request();
            }
        } catch (RuntimeException e) {
            boolean timedOut = !stream.connected();
            if (body != null && body.failure() != null) {
                return new Result(upstream, null, clientsFailure(body, e));
            }
            return new Result(upstream, null, failure(upstream, e, timedOut));
        } finally {
            stream.clientBody(null);
        }
        if (response.status().code() / 100 == 1) {
            try {
                response = FinalResponse.after(response, req.prologue().method() == Method.HEAD);
            } catch (RuntimeException e) {
                response.close();
                boolean timedOut = !stream.connected();
                return new Result(upstream, null, e instanceof FinalResponse.Refused
                        ? new Failure(502, "upstream_error", "upstream " + upstream + " " + e.getMessage(), null)
                        : failure(upstream, e, timedOut));
            }
        }
        if (!stream.connected()) {
            response.close();
            return new Result(upstream, null, failure(upstream, null, true));
        }
        return new Result(upstream, response, null);
    }

    /** Whether the response must close the client's connection, because of how its body was (or was not) read. */
    public boolean closesConnection() {
        return body != null && body.closesConnection();
    }

    private Failure clientsFailure(ClientBody body, RuntimeException e) {
        if (body.timedOut()) {
            return new Failure(408, "request_body_timeout", "the request body was not complete within "
                    + route.settings().timeouts().firstByte().toMillis() + " ms (timeouts.first-byte)", e, false);
        }
        return new Failure(400, "bad_request_body", body.failure(), e, false);
    }

    private Failure failure(URI upstream, RuntimeException e, boolean timedOut) {
        if (timedOut) {
            return new Failure(504, "upstream_timeout", "upstream " + upstream + " sent no response headers within "
                    + route.settings().timeouts().firstByte().toMillis() + " ms", e);
        }
        if (unreachable(e)) {
            return new Failure(502, "upstream_unreachable", "upstream " + upstream + " is unreachable: "
                    + rootMessage(e), e);
        }
        return new Failure(502, "upstream_error", "upstream " + upstream + " failed: " + rootMessage(e), e);
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        if (e == null) {
            return "no answer";
        }
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return ClientText.escaped(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage()));
    }
}
