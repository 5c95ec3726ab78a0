package io.ssegateway.gateway.relay;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.resilience.StreamLimits;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.route.RouteTable;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The gateway's one HTTP handler: matches a route and hands the request to a {@link StreamExchange}. */
public final class ProxyHandler implements Handler {
    private final RouteTable routes;
    private final StreamSupervisor supervisor;
    private final StreamLimits limits;
    private final AtomicBoolean draining = new AtomicBoolean();

    /** A handler over these routes, supervised by this supervisor, within these limits. */
    public ProxyHandler(RouteTable routes, StreamSupervisor supervisor, StreamLimits limits) {
        this.routes = routes;
        this.supervisor = supervisor;
        this.limits = limits;
    }

    /** Whether the gateway is draining (readiness fails). */
    public boolean draining() {
        return draining.get();
    }

    /** From now on new requests are refused with 503 (or the retry answer). */
    public void drain() {
        draining.set(true);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        Optional<Route> route = routes.match(path);
        if (route.isEmpty()) {
            ErrorAnswers.json(res, 404, "no_route", "no route matches path " + path, null);
            return;
        }
        if (draining.get()) {
            if (wantsEventStream(req)) {
                ErrorAnswers.retry(res, "shutting_down", "the gateway is shutting down");
            } else {
                ErrorAnswers.json(res, 503, "shutting_down", "the gateway is shutting down", route.get().id());
            }
            return;
        }
        new StreamExchange(route.get(), req, res, supervisor, limits).run();
    }

    static boolean wantsEventStream(ServerRequest req) {
        return req.headers().values(HeaderNames.ACCEPT).stream().anyMatch(v -> v.contains("text/event-stream"));
    }
}
