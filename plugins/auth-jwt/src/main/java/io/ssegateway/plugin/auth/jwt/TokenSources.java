package io.ssegateway.plugin.auth.jwt;

import io.ssegateway.plugin.auth.support.http.BearerScheme;
import io.ssegateway.spi.RequestView;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a token is looked for: {@code Authorization: Bearer}, then the query parameter, then the cookie (the last
 * two optional, for browsers' EventSource, which cannot set headers).
 *
 * @param queryParam   the query parameter name, if tokens may come in the query
 * @param cookie       the cookie name, if tokens may come in a cookie
 * @param forwardToken whether the {@code Authorization} header goes upstream (query and cookie never do)
 */
record TokenSources(Optional<String> queryParam, Optional<String> cookie, boolean forwardToken) {
    /** The first token the request carries. */
    Optional<String> find(RequestView request) {
        return request.header(BearerScheme.AUTHORIZATION).flatMap(BearerScheme::token)
                .or(() -> queryParam.flatMap(request::queryParam).map(String::strip).filter(t -> !t.isEmpty()))
                .or(() -> cookie.flatMap(request::cookie).map(String::strip).filter(t -> !t.isEmpty()));
    }

    /** Headers to strip before the request goes upstream. */
    Set<String> headers() {
        return forwardToken ? Set.of() : Set.of(BearerScheme.AUTHORIZATION);
    }

    /** The query parameter to strip before the request goes upstream. */
    Set<String> queryParams() {
        return queryParam.map(Set::of).orElse(Set.of());
    }

    /** The cookie to strip before the request goes upstream. */
    Set<String> cookies() {
        return cookie.map(Set::of).orElse(Set.of());
    }

    /** These headers plus another. */
    Set<String> headersAnd(Optional<String> header) {
        Set<String> all = new HashSet<>(headers());
        header.ifPresent(all::add);
        return all;
    }
}
