package io.ssegateway.plugin.balancer.roundrobin;

import io.ssegateway.spi.RequestView;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A RequestView with fixed values; header names are matched case-insensitively. */
record FakeRequest(String routeId, String method, String path, String rawQuery, Map<String, String> headerValues,
                   Map<String, String> queryParams, Map<String, String> cookies, String clientAddress,
                   Optional<String> identity) implements RequestView {

    /** A GET on route {@code events} at {@code /events} from the given client address. */
    static FakeRequest from(String clientAddress) {
        return new FakeRequest("events", "GET", "/events", "", Map.of(), Map.of(), Map.of(), clientAddress,
                Optional.empty());
    }

    FakeRequest withHeader(String name, String value) {
        Map<String, String> headers = new java.util.HashMap<>(headerValues);
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return new FakeRequest(routeId, method, path, rawQuery, headers, queryParams, cookies, clientAddress,
                identity);
    }

    FakeRequest withQueryParam(String name, String value) {
        Map<String, String> params = new java.util.LinkedHashMap<>(queryParams);
        params.put(name, value);
        String query = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return new FakeRequest(routeId, method, path, query, headerValues, params, cookies, clientAddress,
                identity);
    }

    FakeRequest withPath(String newPath) {
        return new FakeRequest(routeId, method, newPath, rawQuery, headerValues, queryParams, cookies,
                clientAddress, identity);
    }

    FakeRequest withIdentity(String newIdentity) {
        return new FakeRequest(routeId, method, path, rawQuery, headerValues, queryParams, cookies, clientAddress,
                Optional.of(newIdentity));
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headerValues.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public List<String> headers(String name) {
        return header(name).map(List::of).orElse(List.of());
    }

    @Override
    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(queryParams.get(name));
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }
}
