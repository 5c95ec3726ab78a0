package io.ssegateway.gateway.edge;

import io.helidon.webserver.WebServerConfig;

/**
 * The listener settings the relay is measured with. Helidon's defaults size every connection for the worst case,
 * and a gateway holds thousands of mostly idle connections:
 * <ul>
 *   <li>{@code useNio(false)}: the NIO socket keeps an 8 KiB read buffer and an 8 KiB write buffer per connection
 *       and copies every write into the latter; the plain socket keeps the read buffer only.</li>
 *   <li>{@code writeBufferSize(0)}: no 4 KiB response buffer per connection. The relay loops write whole reads
 *       (passthrough) or buffer per stream themselves (transforms), so it saved no syscall.</li>
 * </ul>
 * Together 12 KiB less heap per open stream (S3: 5,000 streams).
 * <ul>
 *   <li>{@code tcpNoDelay(true)} on accepted connections (Helidon's default is false): with Nagle's algorithm on, an
 *       event written while the client had not yet acknowledged the previous one waited for that ACK, up to the
 *       client's 40 ms delayed ACK (S2 latency p99 44 ms). nginx proxies with {@code tcp_nodelay on}.</li>
 * </ul>
 */
public final class ListenerTuning {
    private ListenerTuning() {
    }

    /** Applies the relay's listener settings to a server builder. */
    public static WebServerConfig.Builder apply(WebServerConfig.Builder builder) {
        return builder.useNio(false).writeBufferSize(0).connectionOptions(options -> options.tcpNoDelay(true));
    }
}
