package io.ssegateway.gateway.share;

import io.ssegateway.gateway.upstream.Cookies;
import io.ssegateway.spi.RequestView;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a balancer sees of a shared stream's upstream request: a GET of the shared path and query with only the
 * {@code upstream-headers}, no client address, and the identity only when it is part of the share key. It holds no
 * client's request, so nothing of the client that opened the stream stays with it after that client left.
 *
 * @param routeId      the route
 * @param pathAndQuery the raw path and query sent upstream
 * @param headers      the upstream headers by lower-case name
 * @param keyIdentity  the identity when the key holds it, else null
 */
public record SharedRequestView(String routeId, String pathAndQuery, Map<String, List<String>> headers,
                                String keyIdentity) implements RequestView {
    /** Copies the headers. */
    public SharedRequestView {
        headers = Map.copyOf(headers);
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        int query = pathAndQuery.indexOf('?');
        String raw = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String rawQuery() {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? "" : pathAndQuery.substring(query + 1);
    }

    @Override
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public Optional<String> queryParam(String name) {
        for (String part : rawQuery().split("&")) {
            int eq = part.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            if (!part.isEmpty() && key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> cookie(String name) {
        return Cookies.value(headers("cookie"), name);
    }

    @Override
    public String clientAddress() {
        return "";
    }

    @Override
    public Optional<String> identity() {
        return Optional.ofNullable(keyIdentity);
    }
}
