package io.ssegateway.gateway.upstream;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webserver.http.ServerRequest;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.guard.RequestPaths;
import io.ssegateway.spi.auth.AuthDecision;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** Builds the request to an upstream from the client's: path, query and headers as a reverse proxy forwards them. */
public final class UpstreamRequest {
    private UpstreamRequest() {
    }

    /** The upstream URI: the upstream's base, then the client's raw path (after strip-prefix) and query. */
    public static URI uri(URI upstream, RouteSettings route, ServerRequest req, AuthDecision.Allow auth) {
        String rawPath = req.path().rawPath();
        if (route.stripPrefix() && !route.path().equals("/")) {
            // by segments, not characters: the route matched the decoded path, whose segments map one to one
            rawPath = RequestPaths.stripSegments(rawPath, RequestPaths.segments(route.path()));
        }
        String base = upstream.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String query = query(req.query().rawValue(), auth.removeQueryParams());
        return URI.create(base + rawPath + (query.isEmpty() ? "" : "?" + query));
    }

    /** The raw query without the named parameters. */
    static String query(String rawQuery, Set<String> remove) {
        if (rawQuery == null || rawQuery.isEmpty() || remove.isEmpty()) {
            return rawQuery == null ? "" : rawQuery;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            if (!remove.contains(name)) {
                kept.add(part);
            }
        }
        return kept.toString();
    }

    /** Whether the client accepts {@code text/event-stream}. */
    public static boolean wantsEventStream(ServerRequest req) {
        return req.headers().values(HeaderNames.ACCEPT).stream().anyMatch(v -> v.contains("text/event-stream"));
    }

    /** Copies the client's headers onto the upstream request, minus hop-by-hop and credentials, plus X-Forwarded-*. */
    static void headers(HttpClientRequest out, ServerRequest req, String clientAddress, AuthDecision.Allow auth,
                        boolean stripEncoding) {
        Set<String> skip = HopByHop.namesIn(req.headers());
        String forwardedFor = null;
        for (Header header : req.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (HopByHop.skip(header, skip) || name.equals("host") || auth.removeHeaders().stream()
                    .anyMatch(h -> h.equalsIgnoreCase(name))) {
                continue;
            }
            switch (name) {
            case "x-forwarded-for" -> forwardedFor = String.join(", ", header.allValues());
            case "x-forwarded-proto", "x-forwarded-host" -> { }
            case "accept-encoding" -> {
                if (!stripEncoding) {
                    out.header(header);
                }
            }
            case "cookie" -> {
                String cookies = Cookies.without(header.allValues(), auth.removeCookies());
                if (!cookies.isEmpty()) {
                    out.header(HeaderNames.COOKIE, cookies);
                }
            }
            default -> out.header(header);
            }
        }
        out.header(HeaderNames.X_FORWARDED_FOR, forwardedFor == null ? clientAddress : forwardedFor + ", " + clientAddress);
        out.header(HeaderNames.X_FORWARDED_PROTO, req.isSecure() ? "https" : "http");
        out.header(HeaderNames.X_FORWARDED_HOST, req.authority());
        for (Map.Entry<String, String> add : auth.addHeaders().entrySet()) {
            out.header(HeaderNames.create(add.getKey()), add.getValue());
        }
    }

    /**
     * Whether the client's request carries a body to stream upstream: any request that declares one, a GET too (as
     * nginx forwards it; dropping it would leave its bytes to be read as the next request). Not a HEAD's.
     */
    public static boolean hasBody(ServerRequest req) {
        return req.content().hasEntity() && req.prologue().method() != Method.HEAD;
    }
}
