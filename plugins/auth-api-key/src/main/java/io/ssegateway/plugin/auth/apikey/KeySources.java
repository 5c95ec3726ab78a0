package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.spi.RequestView;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a client may put its key: a header, a query parameter, a cookie; each is optional, looked at in that order.
 *
 * @param header     the header name, or empty when keys are not read from a header
 * @param queryParam the query parameter name, or empty
 * @param cookie     the cookie name, or empty
 */
record KeySources(Optional<String> header, Optional<String> queryParam, Optional<String> cookie) {
    /** The first non-blank key the request carries, looking at the header, then the query, then the cookie. */
    Optional<String> find(RequestView request) {
        return header.flatMap(request::header).filter(KeySources::notBlank)
                .or(() -> queryParam.flatMap(request::queryParam).filter(KeySources::notBlank))
                .or(() -> cookie.flatMap(request::cookie).filter(KeySources::notBlank))
                .map(String::strip);
    }

    /** Whether the request carries the key header more than once. */
    boolean repeatedHeader(RequestView request) {
        return header.map(name -> request.headers(name).size() > 1).orElse(false);
    }

    /** The header to strip before the request goes upstream. */
    Set<String> headers() {
        return header.map(Set::of).orElse(Set.of());
    }

    /** The query parameter to strip before the request goes upstream. */
    Set<String> queryParams() {
        return queryParam.map(Set::of).orElse(Set.of());
    }

    /** The cookie to strip before the request goes upstream. */
    Set<String> cookies() {
        return cookie.map(Set::of).orElse(Set.of());
    }

    /** Where a key is looked for, for the 401 message, such as {@code header X-API-Key or cookie api_key}. */
    String describe() {
        List<String> places = new ArrayList<>();
        header.ifPresent(name -> places.add("header " + name));
        queryParam.ifPresent(name -> places.add("query parameter " + name));
        cookie.ifPresent(name -> places.add("cookie " + name));
        return String.join(" or ", places);
    }

    private static boolean notBlank(String value) {
        return !value.isBlank();
    }
}
