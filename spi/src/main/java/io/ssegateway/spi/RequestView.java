package io.ssegateway.spi;

import java.util.List;
import java.util.Optional;

/** What a plugin may read of a client's request. Header names are case-insensitive. */
public interface RequestView {
    /** The id of the route the request matched. */
    String routeId();

    /** The HTTP method. */
    String method();

    /** The decoded request path as the client sent it. */
    String path();

    /** The raw query string without {@code ?}; empty when there is none. */
    String rawQuery();

    /** The first value of a header. */
    Optional<String> header(String name);

    /** All values of a header. */
    List<String> headers(String name);

    /** The first value of a decoded query parameter. */
    Optional<String> queryParam(String name);

    /** The value of a cookie from the {@code Cookie} header. */
    Optional<String> cookie(String name);

    /** The client's IP address. */
    String clientAddress();

    /** The identity an auth plugin established; empty before auth or on routes without auth. */
    Optional<String> identity();
}
