package io.ssegateway.gateway.exchange;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.edge.ErrorAnswers;
import io.ssegateway.gateway.resilience.StreamLimits;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets a client's request in or answers why not, alike for a route's clients and a channel's: its auth plugin threw
 * ({@code 500 auth_error}), denied it (the plugin's status, headers and message) or allowed it with a credential
 * already expired ({@code 401 credentials_expired}); or a stream limit is reached ({@code 503} for the gateway's,
 * {@code 429} for the route's and the client's, with {@code Retry-After}). Every refusal is told to the route's
 * monitors.
 */
final class Admission {
    /** Who a request is where its route or channel has no auth plugin: anyone, with no identity. */
    static final AuthDecision.Allow ANONYMOUS = new AuthDecision.Allow("", Map.of(), Set.of(), Set.of(), Set.of());
    private static final Logger LOGGER = Logger.getLogger(Admission.class.getName());

    private final String kind;
    private final String id;
    private final Monitors monitors;
    private final ClientRequestView view;
    private final StreamState stream;
    private final ServerResponse res;

    /**
     * The admission of one request to {@code kind} ({@code "route"} or {@code "channel"}) {@code id}, whose refusals
     * {@code res} answers and {@code monitors} hear of.
     */
    Admission(String kind, String id, Monitors monitors, ClientRequestView view, StreamState stream,
              ServerResponse res) {
        this.kind = kind;
        this.id = id;
        this.monitors = monitors;
        this.view = view;
        this.stream = stream;
        this.res = res;
    }

    /**
     * Runs {@code auth} (none: anyone may) on the request; answers and returns null when the request is refused,
     * running {@code refusing} first (a request whose body is not read closes its connection). An allowed identity is
     * set on the request's view and its stream.
     *
     * @param what the plugin's part in the log line when it throws ({@code "publish "}), or {@code ""}
     */
    AuthDecision.Allow authenticate(Optional<Authenticator> auth, String what, Runnable refusing) {
        if (auth.isEmpty()) {
            return ANONYMOUS;
        }
        AuthDecision decision;
        try {
            decision = auth.get().authenticate(view);
        } catch (Exception e) {
            refusing.run();
            LOGGER.log(Level.WARNING, what + "auth plugin of " + kind + " " + id + " threw; request denied", e);
            monitors.rejected(view, 500, "auth_error");
            ErrorAnswers.json(res, 500, "auth_error", "authentication failed inside the gateway", id);
            return null;
        }
        if (decision instanceof AuthDecision.Deny deny) {
            refusing.run();
            monitors.rejected(view, deny.status(), "auth_denied");
            deny.responseHeaders().forEach((name, value) -> res.header(name, ErrorAnswers.oneLine(value)));
            ErrorAnswers.json(res, deny.status(), deny.status() == 401 ? "unauthorized" : "forbidden",
                              deny.message(), id);
            return null;
        }
        AuthDecision.Allow allow = (AuthDecision.Allow) decision;
        if (allow.expiresAt().isPresent() && !allow.expiresAt().get().isAfter(Instant.now())) {
            refusing.run();
            monitors.rejected(view, 401, "credentials_expired");
            ErrorAnswers.json(res, 401, "credentials_expired", "the credential has expired", id);
            return null;
        }
        view.identity(allow.identity());
        stream.identity(allow.identity());
        return allow;
    }

    /**
     * Answers a stream limit's refusal: {@code 503} for the gateway-wide limit, {@code 429} for the route's and the
     * client's, with {@code Retry-After}; as the {@code retry:} answer when {@code asRetry} (an event-stream client
     * that reconnects by itself), as JSON otherwise.
     */
    void refuse(StreamLimits.Refusal refusal, Duration retryAfter, boolean asRetry) {
        int status = refusal == StreamLimits.Refusal.GATEWAY ? 503 : 429;
        String error = switch (refusal) {
        case GATEWAY -> "gateway_stream_limit";
        case ROUTE -> "route_stream_limit";
        default -> "client_stream_limit";
        };
        String message = switch (refusal) {
        case GATEWAY -> "the gateway has as many open streams as limits.max-streams allows";
        case ROUTE -> kind + " " + id + " has as many open streams as limits.per-route allows";
        default -> "this client has as many open streams as limits.per-client allows";
        };
        monitors.rejected(view, status, error);
        res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
        if (asRetry) {
            ErrorAnswers.retry(res, error, message);
        } else {
            ErrorAnswers.json(res, status, error, message, id);
        }
    }
}
