package io.ssegateway.plugin.testkit;

import io.ssegateway.spi.RequestView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An immutable RequestView: each {@code with...} gives a copy with one more value. Header names are matched
 * case-insensitively; the raw query is built from the query parameters in the order they were added.
 */
public final class FakeRequest implements RequestView {
    private final String routeId;
    private final String path;
    private final Map<String, List<String>> headers;
    private final Map<String, String> queryParams;
    private final Map<String, String> cookies;
    private final String clientAddress;
    private final Optional<String> identity;

    /** A GET of {@code /events} on route {@code events} from {@code 127.0.0.1}, without headers, query or cookies. */
    public FakeRequest() {
        this("events", "/events", Map.of(), Map.of(), Map.of(), "127.0.0.1", Optional.empty());
    }

    private FakeRequest(String routeId, String path, Map<String, List<String>> headers,
                        Map<String, String> queryParams, Map<String, String> cookies, String clientAddress,
                        Optional<String> identity) {
        this.routeId = routeId;
        this.path = path;
        this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.headers.putAll(headers);
        this.queryParams = new LinkedHashMap<>(queryParams);
        this.cookies = new LinkedHashMap<>(cookies);
        this.clientAddress = clientAddress;
        this.identity = identity;
    }

    /** A GET of {@code /events} on route {@code events} from the given client address. */
    public static FakeRequest from(String clientAddress) {
        return new FakeRequest().withClientAddress(clientAddress);
    }

    /** This request with the header set to these values (one header line each). */
    public FakeRequest withHeader(String name, String... values) {
        Map<String, List<String>> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        more.putAll(headers);
        more.put(name, List.of(values));
        return new FakeRequest(routeId, path, more, queryParams, cookies, clientAddress, identity);
    }

    /** This request with the query parameter set. */
    public FakeRequest withQueryParam(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(queryParams);
        more.put(name, value);
        return new FakeRequest(routeId, path, headers, more, cookies, clientAddress, identity);
    }

    /** This request with the cookie set. */
    public FakeRequest withCookie(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(cookies);
        more.put(name, value);
        return new FakeRequest(routeId, path, headers, queryParams, more, clientAddress, identity);
    }

    /** This request for another path. */
    public FakeRequest withPath(String newPath) {
        return new FakeRequest(routeId, newPath, headers, queryParams, cookies, clientAddress, identity);
    }

    /** This request from another client address. */
    public FakeRequest withClientAddress(String newClientAddress) {
        return new FakeRequest(routeId, path, headers, queryParams, cookies, newClientAddress, identity);
    }

    /** This request as if an auth plugin had established the identity. */
    public FakeRequest withIdentity(String newIdentity) {
        return new FakeRequest(routeId, path, headers, queryParams, cookies, clientAddress,
                               Optional.of(newIdentity));
    }

    @Override
    public String routeId() {
        return routeId;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawQuery() {
        return queryParams.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    @Override
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(queryParams.get(name));
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    @Override
    public String clientAddress() {
        return clientAddress;
    }

    @Override
    public Optional<String> identity() {
        return identity;
    }

    @Override
    public String toString() {
        return "GET " + path + " from " + clientAddress + " headers=" + headers + " query=" + queryParams
               + " cookies=" + cookies + identity.map(id -> " identity=" + id).orElse("");
    }
}
