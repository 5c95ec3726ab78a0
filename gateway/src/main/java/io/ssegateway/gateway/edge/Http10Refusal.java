package io.ssegateway.gateway.edge;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Lets HTTP/1.0 requests reach Helidon's HTTP/1 connection on the public listener, so they get an answer. Helidon's
 * HTTP/1 selector only takes request lines ending in {@code HTTP/1.1}, and with no selector for the rest it closed
 * an HTTP/1.0 client's connection without a byte; its HTTP/1 connection itself refuses HTTP/1.0 with {@code 505},
 * which {@link DirectAnswers} turns into the gateway's JSON answer ({@code http_version_not_supported}), then
 * closes. The gateway does not relay over HTTP/1.0 (event streams need a response of unknown length on a
 * connection that stays open, which every SSE client gets from HTTP/1.1 or HTTP/2).
 */
final class Http10Refusal {
    private static final byte[] HTTP_10 = " HTTP/1.0\r".getBytes(StandardCharsets.US_ASCII);

    private Http10Refusal() {
    }

    /** The HTTP/1 selector, also taking connections whose request line ends in {@code HTTP/1.0}. */
    static ServerConnectionSelector wrap(ServerConnectionSelector http1) {
        return new ServerConnectionSelector() {
            @Override
            public int bytesToIdentifyConnection() {
                return http1.bytesToIdentifyConnection();
            }

            @Override
            public Support supports(BufferData data) {
                Support support = http1.supports(data);
                if (support != Support.UNSUPPORTED) {
                    return support;
                }
                data.rewind();
                int lf = data.indexOf((byte) '\n');
                if (lf < HTTP_10.length) {
                    return support;
                }
                byte[] line = new byte[lf];
                data.read(line);
                for (int i = 0; i < HTTP_10.length; i++) {
                    if (line[lf - HTTP_10.length + i] != HTTP_10[i]) {
                        return support;
                    }
                }
                return Support.SUPPORTED;
            }

            @Override
            public Set<String> supportedApplicationProtocols() {
                return http1.supportedApplicationProtocols();
            }

            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                return http1.connection(ctx);
            }
        };
    }
}
