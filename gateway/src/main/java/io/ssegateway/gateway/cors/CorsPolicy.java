package io.ssegateway.gateway.cors;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.ServerRequest;
import io.ssegateway.gateway.config.CorsSettings;
import io.ssegateway.gateway.config.Origins;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A route's CORS policy at run time. Only what is configured is allowed: origins listed (or {@code *}), methods
 * listed (GET by default), request headers listed beyond the CORS-safelisted ones, response headers listed to
 * expose. On a route with a policy the gateway is the only source of {@code Access-Control-*} headers.
 */
public final class CorsPolicy {
    /** Request headers a browser may send cross-origin without their being allowed. */
    private static final Set<String> SAFELISTED = Set.of("accept", "accept-language", "content-language",
                                                         "content-type", "range", "last-event-id");
    private static final String ACCESS_CONTROL = "access-control-";

    private final CorsSettings settings;
    private final Set<String> origins;
    private final Set<String> allowedHeaders;
    private final String methods;
    private final String maxAge;
    private final String exposed;

    /** The policy for these settings. */
    public CorsPolicy(CorsSettings settings) {
        this.settings = settings;
        this.origins = Set.copyOf(settings.allowedOrigins());
        this.allowedHeaders = Set.copyOf(settings.allowedHeaders());
        this.methods = String.join(", ", settings.allowedMethods());
        this.maxAge = String.valueOf(settings.maxAge().toSeconds());
        this.exposed = String.join(", ", settings.exposedHeaders());
    }

    /** The request's {@code Origin}, if it sent one. */
    public static Optional<String> origin(ServerRequest req) {
        return req.headers().first(HeaderNames.ORIGIN);
    }

    /** Whether the request is a CORS preflight: OPTIONS with an Origin and Access-Control-Request-Method. */
    public static boolean isPreflight(ServerRequest req) {
        return req.prologue().method() == Method.OPTIONS && req.headers().contains(HeaderNames.ORIGIN)
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** Whether pages of this origin may read the route's responses. */
    public boolean allows(String origin) {
        if (settings.anyOrigin()) {
            return true;
        }
        try {
            return origins.contains(Origins.normalize(origin));
        } catch (IllegalArgumentException e) {
            return false; // "null" (sandboxed pages, file://) and anything malformed
        }
    }

    /** {@code Vary: Origin} added to the headers, keeping what a Vary there already names. */
    public static void varyOnOrigin(ServerResponseHeaders headers) {
        Optional<String> vary = headers.first(HeaderNames.VARY);
        if (vary.isEmpty()) {
            headers.set(HeaderNames.VARY, "Origin");
        } else if (!vary.get().equals("*") && !vary.get().toLowerCase(Locale.ROOT).contains("origin")) {
            headers.set(HeaderNames.VARY, vary.get() + ", Origin");
        }
    }

    /** The headers of a response to an actual request from an allowed origin. */
    public List<Header> responseHeaders(String origin) {
        List<Header> headers = new ArrayList<>(3);
        headers.add(HeaderValues.create(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin(origin)));
        if (settings.allowCredentials()) {
            headers.add(HeaderValues.create(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"));
        }
        if (!exposed.isEmpty()) {
            headers.add(HeaderValues.create(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, exposed));
        }
        return headers;
    }

    /**
     * Checks a preflight against the policy.
     *
     * @return the headers of the 204 answer, or empty when the origin, method or a header is not allowed
     */
    public Optional<List<Header>> preflight(ServerRequest req) {
        String origin = origin(req).orElse("");
        String method = req.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD).orElse("").strip();
        if (!allows(origin) || !settings.allowedMethods().contains(method)) {
            return Optional.empty();
        }
        Set<String> requested = new LinkedHashSet<>();
        for (String value : req.headers().values(HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS)) {
            for (String name : value.split(",")) {
                String trimmed = name.strip().toLowerCase(Locale.ROOT);
                if (!trimmed.isEmpty()) {
                    requested.add(trimmed);
                }
            }
        }
        for (String name : requested) {
            if (!SAFELISTED.contains(name) && !allowedHeaders.contains(name)) {
                return Optional.empty();
            }
        }
        List<Header> headers = new ArrayList<>(responseHeaders(origin));
        headers.add(HeaderValues.create(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods));
        if (!requested.isEmpty()) {
            headers.add(HeaderValues.create(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", requested)));
        }
        headers.add(HeaderValues.create(HeaderNames.ACCESS_CONTROL_MAX_AGE, maxAge));
        return Optional.of(headers);
    }

    /**
     * Replaces whatever {@code Access-Control-*} headers the upstream sent with the gateway's for this request
     * (none when the origin was not allowed or absent) and keeps {@code Vary: Origin}.
     */
    public static void replaceUpstreamHeaders(ServerResponseHeaders headers, List<Header> ours) {
        List<HeaderName> upstream = new ArrayList<>();
        for (Header header : headers) {
            if (header.name().toLowerCase(Locale.ROOT).startsWith(ACCESS_CONTROL)) {
                upstream.add(header.headerName());
            }
        }
        upstream.forEach(headers::remove);
        ours.forEach(headers::set);
        varyOnOrigin(headers);
    }

    private String allowOrigin(String origin) {
        // with credentials a browser needs the origin echoed; "*" with credentials is refused by the config
        return settings.anyOrigin() && !settings.allowCredentials() ? "*" : origin;
    }
}
