package io.ssegateway.gateway.route;

import io.helidon.webserver.WebServer;
import io.ssegateway.gateway.relay.ListenerTuning;
import io.ssegateway.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nagle's algorithm is off on both sides of a stream (Helidon's default leaves it on). */
class SocketOptionsTest {
    @Test
    void clientConnectionsAreAcceptedWithTcpNoDelay() {
        assertTrue(ListenerTuning.apply(WebServer.builder()).connectionOptions().orElseThrow().tcpNoDelay());
    }

    @Test
    void upstreamConnectionsAreOpenedWithTcpNoDelay() {
        var client = RouteFactory.client(TestGateway.route("events", "/events", "http://127.0.0.1:1"));
        assertTrue(client.prototype().socketOptions().tcpNoDelay());
    }
}
