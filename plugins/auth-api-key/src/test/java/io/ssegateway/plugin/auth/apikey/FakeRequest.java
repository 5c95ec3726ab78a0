package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.spi.RequestView;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link RequestView} for unit tests: headers (case-insensitive names), query parameters and cookies. */
final class FakeRequest implements RequestView {
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> query = new TreeMap<>();
    private final Map<String, String> cookies = new TreeMap<>();

    /** A request with these header values. */
    FakeRequest header(String name, String... values) {
        headers.put(name, List.of(values));
        return this;
    }

    /** A request with this query parameter. */
    FakeRequest query(String name, String value) {
        query.put(name, value);
        return this;
    }

    /** A request with this cookie. */
    FakeRequest cookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    @Override
    public String routeId() {
        return "test";
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return "/events";
    }

    @Override
    public String rawQuery() {
        return String.join("&", query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
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
        return Optional.ofNullable(query.get(name));
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    @Override
    public String clientAddress() {
        return "127.0.0.1";
    }

    @Override
    public Optional<String> identity() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "headers=" + headers + " query=" + query + " cookies=" + cookies;
    }
}
