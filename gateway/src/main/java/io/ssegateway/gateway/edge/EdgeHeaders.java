package io.ssegateway.gateway.edge;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.ServerResponseHeaders;
import io.ssegateway.gateway.config.EdgeSettings;
import io.ssegateway.gateway.config.SecurityHeadersSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The security headers: {@code X-Content-Type-Options} and {@code Referrer-Policy} on the responses the gateway
 * makes itself (errors, 404, retry answers, preflights), {@code Strict-Transport-Security} on every response when
 * TLS is on. None of them touches a body or caching, so event streams are unaffected.
 */
public final class EdgeHeaders {
    private final List<Header> gatewayMadeOnly;
    private final Header hsts;

    private EdgeHeaders(List<Header> gatewayMadeOnly, Header hsts) {
        this.gatewayMadeOnly = List.copyOf(gatewayMadeOnly);
        this.hsts = hsts;
    }

    /** The headers these settings ask for. */
    public static EdgeHeaders of(EdgeSettings edge) {
        SecurityHeadersSettings settings = edge.securityHeaders();
        List<Header> gatewayMade = new ArrayList<>();
        Header hsts = null;
        if (settings.enabled()) {
            add(gatewayMade, "X-Content-Type-Options", settings.contentTypeOptions());
            add(gatewayMade, "Referrer-Policy", settings.referrerPolicy());
            if (edge.tls().isPresent() && !settings.strictTransportSecurity().isEmpty()) {
                hsts = HeaderValues.create(HeaderNames.STRICT_TRANSPORT_SECURITY, settings.strictTransportSecurity());
            }
        }
        return new EdgeHeaders(gatewayMade, hsts);
    }

    /** No security headers at all. */
    public static EdgeHeaders none() {
        return new EdgeHeaders(List.of(), null);
    }

    private static void add(List<Header> headers, String name, String value) {
        if (!value.isEmpty()) {
            headers.add(HeaderValues.create(HeaderNames.create(name), value));
        }
    }

    /** Sets every header on a response the gateway makes; a relayed response later drops the gateway-only ones. */
    public void gatewayMade(ServerResponseHeaders headers) {
        for (Header header : gatewayMadeOnly) {
            headers.set(header);
        }
        if (hsts != null) {
            headers.set(hsts);
        }
    }

    /**
     * Turns the headers of a response into those of a relayed one, after the upstream's headers were copied over
     * them: the gateway-only headers go unless the upstream sent them itself; HSTS stays.
     */
    public void relayed(ServerResponseHeaders headers, Headers upstream) {
        for (Header header : gatewayMadeOnly) {
            if (!upstream.contains(header.headerName())) {
                headers.remove(header.headerName());
            }
        }
    }
}
