package io.ssegateway.gateway.exchange;

import io.helidon.http.Headers;
import io.helidon.http.ServerResponseHeaders;

/** Adjusts a relayed response's headers after the upstream's were copied onto it (CORS, security headers). */
@FunctionalInterface
interface RelayedHeaders {
    /** Leaves the response headers unchanged. */
    RelayedHeaders NONE = (response, upstream) -> { };

    /** Adjusts {@code response}, which now holds the upstream's headers over the gateway's. */
    void adjust(ServerResponseHeaders response, Headers upstream);

    /** This adjustment, then the other. */
    default RelayedHeaders andThen(RelayedHeaders other) {
        return (response, upstream) -> {
            adjust(response, upstream);
            other.adjust(response, upstream);
        };
    }
}
