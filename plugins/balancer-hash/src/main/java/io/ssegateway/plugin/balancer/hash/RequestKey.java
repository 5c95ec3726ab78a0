package io.ssegateway.plugin.balancer.hash;

import io.ssegateway.spi.RequestView;

import java.util.Optional;

/**
 * Reads the hash key of a request; a missing or blank key falls back to the client's IP address.
 *
 * @param source where the key comes from
 * @param name   the header or query parameter name; empty for the other sources
 */
record RequestKey(KeySource source, String name) {

    /** The key of this request. */
    String of(RequestView request) {
        Optional<String> key = switch (source) {
            case CLIENT_IP -> Optional.empty();
            case HEADER -> request.header(name);
            case QUERY_PARAM -> request.queryParam(name);
            case IDENTITY -> request.identity();
        };
        return key.filter(k -> !k.isBlank()).orElseGet(request::clientAddress);
    }
}
