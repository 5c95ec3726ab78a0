package io.ssegateway.gateway.route;

import io.helidon.webserver.WebServer;
import io.ssegateway.gateway.edge.ListenerTuning;
import io.ssegateway.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The socket options of both sides of a stream: no Nagle (Helidon's default leaves it on), TLS only where needed. */
class SocketOptionsTest {
    @Test
    void clientConnectionsAreAcceptedWithTcpNoDelay() {
        assertTrue(ListenerTuning.apply(WebServer.builder()).connectionOptions().orElseThrow().tcpNoDelay());
    }

    @Test
    void aRouteWithoutHttpsUpstreamsBuildsNoTlsAndOneWithAnHttpsUpstreamKeepsWebClientsDefault() {
        var plain = RouteFactory.client(TestGateway.route("a", "/a", "http://127.0.0.1:1", "http://127.0.0.1:2"));
        assertFalse(plain.prototype().tls().enabled());
        var mixed = RouteFactory.client(TestGateway.route("b", "/b", "http://127.0.0.1:1", "https://127.0.0.1:2"));
        assertTrue(mixed.prototype().tls().enabled());
    }

    @Test
    void upstreamConnectionsAreOpenedWithTcpNoDelay() {
        var client = RouteFactory.client(TestGateway.route("events", "/events", "http://127.0.0.1:1"));
        assertTrue(client.prototype().socketOptions().tcpNoDelay());
    }
}
