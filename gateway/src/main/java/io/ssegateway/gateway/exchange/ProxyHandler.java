package io.ssegateway.gateway.exchange;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.cors.CorsPolicy;
import io.ssegateway.gateway.edge.EdgeHeaders;
import io.ssegateway.gateway.edge.ErrorAnswers;
import io.ssegateway.gateway.guard.ClientText;
import io.ssegateway.gateway.guard.HeaderChecks;
import io.ssegateway.gateway.guard.RequestPaths;
import io.ssegateway.gateway.resilience.StreamLimits;
import io.ssegateway.gateway.route.LiveRoutes;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.route.RouteTable;
import io.ssegateway.gateway.share.Channel;
import io.ssegateway.gateway.share.ShareRegistry;
import io.ssegateway.gateway.stream.StreamSupervisor;
import io.ssegateway.gateway.upstream.UpstreamRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's one HTTP handler: refuses ambiguous paths and header values with line breaks, matches a route,
 * answers CORS preflights and refuses foreign origins on routes with a CORS policy, and hands the request to a
 * {@link StreamExchange}.
 */
public final class ProxyHandler implements Handler {
    private final LiveRoutes routes;
    private final StreamSupervisor supervisor;
    private final StreamLimits limits;
    private final EdgeHeaders edgeHeaders;
    /** The CORS policies of the routes last matched against (a reload brings new routes, with their policies). */
    private volatile CorsPolicies cors = new CorsPolicies(null, Map.of());
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The shared streams, when a route has {@code share}; else null. */
    private final ShareRegistry shares;
    /** The channels by id (their routes are in the table). */
    private volatile Map<String, Channel> channels = Map.of();

    /** A handler over these routes, supervised by this supervisor, within these limits, adding these headers. */
    public ProxyHandler(RouteTable routes, StreamSupervisor supervisor, StreamLimits limits, EdgeHeaders edgeHeaders) {
        this(LiveRoutes.fixed(routes), supervisor, limits, edgeHeaders);
    }

    /**
     * A handler over routes a reload may replace; shared streams are served when a route has {@code share} at
     * start.
     */
    public ProxyHandler(LiveRoutes routes, StreamSupervisor supervisor, StreamLimits limits, EdgeHeaders edgeHeaders) {
        this.routes = routes;
        this.supervisor = supervisor;
        this.limits = limits;
        this.edgeHeaders = edgeHeaders;
        try (LiveRoutes.Lease lease = routes.enter()) {
            shares = lease.table().routes().stream().anyMatch(r -> r.settings().share().isPresent())
                    ? new ShareRegistry() : null;
        }
    }

    /** The CORS policies of one route table, made once per table. */
    private record CorsPolicies(RouteTable table, Map<String, CorsPolicy> byRoute) {
        static CorsPolicies of(RouteTable table) {
            Map<String, CorsPolicy> byRoute = new HashMap<>();
            for (Route route : table.routes()) {
                route.settings().cors().ifPresent(cors -> byRoute.put(route.id(), new CorsPolicy(cors)));
            }
            return new CorsPolicies(table, byRoute);
        }
    }

    /** Serves these channels, whose routes are in the route table, with {@link ChannelExchange}. */
    public void channels(List<Channel> list) {
        Map<String, Channel> byId = new HashMap<>();
        list.forEach(channel -> byId.put(channel.id(), channel));
        channels = Map.copyOf(byId);
    }

    /** The shared streams, when a route has {@code share}. */
    public Optional<ShareRegistry> shares() {
        return Optional.ofNullable(shares);
    }

    /** Whether the gateway is draining (readiness fails). */
    public boolean draining() {
        return draining.get();
    }

    /** From now on new requests are refused with 503 (or the retry answer). */
    public void drain() {
        draining.set(true);
    }

    /**
     * Answers the request; on HTTP/1 a response that says {@code Connection: close} then ends the connection.
     * Helidon 4.5.0 goes on reading the connection after such a response, and would take whatever follows (a body
     * that was not read, bytes a watcher read past) as the client's next request.
     */
    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        try (LiveRoutes.Lease lease = routes.enter()) { // held to the end: a reload leaves this request its routes
            answer(req, res, lease.table());
        }
        if (res.headers().containsToken(HeaderValues.CONNECTION_CLOSE)
                && req.prologue().protocolVersion().startsWith("1")) {
            if (res instanceof RoutingResponse routing) {
                try {
                    routing.commit(); // Helidon commits after the handler returns normally, which it does not here
                } catch (RuntimeException gone) {
                    // the client is gone: the connection ends anyway
                }
            }
            throw new CloseConnectionException("the response said Connection: close");
        }
    }

    private void answer(ServerRequest req, ServerResponse res, RouteTable routes) {
        edgeHeaders.gatewayMade(res.headers());
        Optional<String> path = RequestPaths.decode(req.path().rawPath());
        if (path.isEmpty()) {
            ErrorAnswers.json(res, 400, "bad_path", "ambiguous or malformed request path: dot segments, empty"
                    + " segments, encoded / or \\, double encoding and control characters are refused", null);
            return;
        }
        Optional<String> badHeader = HeaderChecks.withLineBreak(req.headers());
        if (badHeader.isPresent()) {
            ErrorAnswers.json(res, 400, "bad_header", "header " + ClientText.escaped(badHeader.get())
                    + " carries a line break or NUL; refused", null);
            return;
        }
        Optional<Route> route = routes.match(path.get());
        if (route.isEmpty()) {
            ErrorAnswers.json(res, 404, "no_route", "no route matches path " + ClientText.escaped(path.get()), null);
            return;
        }
        RelayedHeaders relayed = edgeHeaders::relayed;
        CorsPolicies policies = this.cors;
        if (policies.table() != routes) {
            policies = CorsPolicies.of(routes);
            this.cors = policies;
        }
        CorsPolicy cors = policies.byRoute().get(route.get().id());
        if (cors != null) {
            CorsPolicy.varyOnOrigin(res.headers());
            Optional<String> origin = CorsPolicy.origin(req);
            if (CorsPolicy.isPreflight(req)) {
                preflight(cors, req, res, route.get().id());
                return;
            }
            if (origin.isPresent() && !cors.allows(origin.get())) {
                ErrorAnswers.json(res, 403, "cors_origin_denied", "origin " + ClientText.escaped(origin.get())
                        + " is not allowed on this route", route.get().id());
                return;
            }
            List<Header> corsHeaders = origin.map(cors::responseHeaders).orElse(List.of());
            corsHeaders.forEach(res.headers()::set);
            relayed = relayed.andThen((response, upstream) -> CorsPolicy.replaceUpstreamHeaders(response, corsHeaders));
        }
        if (draining.get()) {
            if (UpstreamRequest.wantsEventStream(req)) {
                ErrorAnswers.retry(res, "shutting_down", "the gateway is shutting down");
            } else {
                ErrorAnswers.json(res, 503, "shutting_down", "the gateway is shutting down", route.get().id());
            }
            return;
        }
        Channel channel = channels.get(route.get().id());
        if (channel != null) {
            new ChannelExchange(channel, req, res, supervisor, limits, path.get()).run();
            return;
        }
        new StreamExchange(route.get(), req, res, supervisor, limits, relayed, shares).run();
    }

    /** Answers a preflight at the gateway: 204 with the allow headers, or 403 when the policy does not allow it. */
    private static void preflight(CorsPolicy cors, ServerRequest req, ServerResponse res, String routeId) {
        Optional<List<Header>> allowed = cors.preflight(req);
        if (allowed.isEmpty()) {
            ErrorAnswers.json(res, 403, "cors_preflight_denied", "the origin, method or headers of this preflight"
                    + " are not allowed on this route", routeId);
            return;
        }
        allowed.get().forEach(res.headers()::set);
        res.headers().set(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(Status.NO_CONTENT_204).send();
    }
}
