package io.ssegateway.gateway.relay;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One client request on a route, start to end: auth, upstream pick and call, response headers, then the relay loop. */
final class StreamExchange {
    private static final Logger LOGGER = Logger.getLogger(StreamExchange.class.getName());
    private static final AuthDecision.Allow ANONYMOUS = new AuthDecision.Allow("", java.util.Map.of(), Set.of(),
                                                                               Set.of(), Set.of());

    private final Route route;
    private final ServerRequest req;
    private final ServerResponse res;
    private final StreamSupervisor supervisor;
    private final ClientRequestView view;
    private final RelayStream stream;

    StreamExchange(Route route, ServerRequest req, ServerResponse res, StreamSupervisor supervisor) {
        this.route = route;
        this.req = req;
        this.res = res;
        this.supervisor = supervisor;
        this.view = new ClientRequestView(req, route.id());
        this.stream = new RelayStream(route, view.clientAddress());
    }

    void run() {
        AuthDecision.Allow allowed = authenticate();
        if (allowed == null) {
            return;
        }
        URI upstream = route.balancer().pick(route.settings().upstreams(), view);
        stream.upstream(upstream.toString());
        supervisor.add(stream);
        HttpClientResponse response = null;
        CloseReason reason = CloseReason.ERROR;
        try {
            response = call(upstream, allowed);
            if (response == null) {
                return;
            }
            route.balancer().streamOpened(upstream);
            try {
                reason = relay(response);
            } finally {
                route.balancer().streamClosed(upstream);
            }
        } finally {
            supervisor.remove(stream);
            stream.closed();
            if (response != null) {
                stream.closeUpstream();
                route.monitors().closed(stream, reason);
            }
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

    /** Sends the request upstream and waits for its headers; answers the client and returns null on failure. */
    private HttpClientResponse call(URI upstream, AuthDecision.Allow allowed) {
        HttpClientRequest out = route.client()
                .method(Method.create(req.prologue().method().text()))
                .uri(UpstreamRequest.uri(upstream, route.settings(), req, allowed))
                .followRedirects(false);
        boolean eventStream = ProxyHandler.wantsEventStream(req);
        if (eventStream) {
            // a stream holds its connection for its whole life; a pooled one the origin closed meanwhile would fail it
            out.keepAlive(false);
        }
        UpstreamRequest.headers(out, req, view.clientAddress(), allowed,
                                eventStream || !route.transforms().isEmpty());
        stream.connecting(System.nanoTime() + route.settings().timeouts().firstByte().toNanos());
        HttpClientResponse response;
        try {
            if (UpstreamRequest.hasBody(req)) {
                response = out.outputStream(os -> {
                    try (InputStream body = req.content().inputStream()) {
                        body.transferTo(os);
                    }
                    os.close();
                });
            } else {
                response = out.request();
            }
        } catch (RuntimeException e) {
            boolean timedOut = !stream.connected();
            upstreamFailed(e, timedOut);
            return null;
        }
        if (!stream.connected()) {
            response.close();
            upstreamFailed(null, true);
            return null;
        }
        stream.upstreamResponse(response);
        return response;
    }

    private void upstreamFailed(RuntimeException e, boolean timedOut) {
        String error;
        String message;
        int status;
        if (timedOut) {
            status = 504;
            error = "upstream_timeout";
            message = "upstream " + stream.upstream() + " sent no response headers within "
                    + route.settings().timeouts().firstByte().toMillis() + " ms";
        } else if (unreachable(e)) {
            status = 502;
            error = "upstream_unreachable";
            message = "upstream " + stream.upstream() + " is unreachable: " + rootMessage(e);
        } else {
            status = 502;
            error = "upstream_error";
            message = "upstream " + stream.upstream() + " failed: " + rootMessage(e);
        }
        LOGGER.log(Level.INFO, "route " + route.id() + ": " + message);
        stream.status(status);
        route.monitors().error(stream, error, e);
        route.monitors().rejected(view, status, error);
        if (route.settings().onUpstreamError() == OnUpstreamError.RETRY && ProxyHandler.wantsEventStream(req)) {
            ErrorAnswers.retry(res, error, message);
        } else {
            ErrorAnswers.json(res, status, error, message, route.id());
        }
    }

    /** Sends the upstream's status and headers, then relays its body; returns why the stream ended. */
    private CloseReason relay(HttpClientResponse response) {
        int status = response.status().code();
        stream.status(status);
        boolean eventStream = response.headers().contentType()
                .map(type -> type.mediaType().text().equalsIgnoreCase("text/event-stream")).orElse(false);
        res.status(Status.create(status, response.status().reasonPhrase()));
        Set<String> skip = HopByHop.namesIn(response.headers());
        for (Header header : response.headers()) {
            if (!HopByHop.skip(header, skip)
                    && !(eventStream && header.name().equalsIgnoreCase("content-length") && !route.transforms().isEmpty())) {
                res.header(header);
            }
        }
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
        }
        OutputStream out;
        try {
            // the listener has no response buffer (ListenerTuning); this one starts at 512 B and grows to 8 KiB only
            // while a stream is busy, so thousands of quiet streams do not each hold 4 KiB
            out = new BufferedOutputStream(res.outputStream());
            out.flush();
        } catch (RuntimeException | java.io.IOException e) {
            return CloseReason.CLIENT_GONE;
        }
        route.monitors().opened(stream);
        InputStream in = eventStream ? UpstreamBody.of(response) : response.inputStream();
        CloseReason reason;
        if (eventStream && !route.transforms().isEmpty()) {
            reason = new TransformLoop(stream, in, out, route.transforms(), route.settings().maxEventSize()).run();
        } else if (eventStream) {
            reason = new PassthroughLoop(stream, in, out).run();
        } else {
            reason = new PlainCopyLoop(stream, in, out).run();
        }
        try {
            out.close();
        } catch (RuntimeException | java.io.IOException e) {
            if (reason == CloseReason.UPSTREAM_ENDED) {
                reason = CloseReason.CLIENT_GONE;
            }
        }
        return reason;
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
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }

}
