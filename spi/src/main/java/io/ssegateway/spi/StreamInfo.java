package io.ssegateway.spi;

import java.time.Instant;

/** A live, read-only view of one client stream; counters change as the stream runs. */
public interface StreamInfo {
    /** A gateway-unique id of the stream. */
    long streamId();

    /** The route id. */
    String routeId();

    /** The upstream currently serving the stream, e.g. {@code http://10.0.0.5:8081}; empty before one is picked. */
    String upstream();

    /** The client's IP address. */
    String clientAddress();

    /** The authenticated identity, or empty. */
    String identity();

    /** The status sent to the client. */
    int status();

    /** When the request arrived. */
    Instant started();

    /** Events relayed so far. */
    long events();

    /** Bytes relayed to the client so far. */
    long bytes();
}
