package io.ssegateway.gateway.edge;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.EdgeSettings;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.RequestHeadSettings;
import io.ssegateway.gateway.config.SecurityHeadersSettings;
import io.ssegateway.gateway.config.Timeouts;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Security headers on what the gateway answers itself, never on relayed event streams (cleartext: no HSTS). */
@Timeout(30)
class SecurityHeadersTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    private TestOrigin origin;
    private Gateway gateway;

    @Test
    void gatewayMadeAnswersCarryTheHeadersAndRelayedStreamsKeepTheirOwn() throws Exception {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Timeouts timeouts = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(60));
        gateway = GATEWAYS.start(TestGateway.route("events", "/events", origin.url()),
                                 TestGateway.route("down", "/down", Duration.ofSeconds(15), OnUpstreamError.RETRY,
                                                   timeouts, "http://127.0.0.1:" + closed));
        for (String[] request : new String[][] {{"/nowhere"}, {"/down", "Accept: text/event-stream"}, {"/down"},
                                                {"/events/../x"}}) {
            String[] headers = java.util.Arrays.copyOfRange(request, 1, request.length);
            try (RawClient client = RawClient.get(gateway.port(), request[0], headers)) {
                client.status();
                assertEquals("nosniff", client.header("X-Content-Type-Options"), request[0]);
                assertEquals("no-referrer", client.header("Referrer-Policy"), request[0]);
                assertNull(client.header("Strict-Transport-Security"), "no HSTS without TLS");
            }
        }
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            origin.next().startEventStream("Referrer-Policy: same-origin").send("data: x\n\n");
            assertEquals("data: x\n\n", client.readUntil("data: x\n\n", WAIT));
            assertNull(client.header("X-Content-Type-Options"), "not added to a relayed stream");
            assertEquals("same-origin", client.header("Referrer-Policy"), "the upstream's own value is kept");
            assertEquals("no-cache", client.header("Cache-Control"));
        }
    }

    @Test
    void disabledSecurityHeadersAreLeftOut() throws Exception {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        EdgeSettings edge = new EdgeSettings(Optional.empty(), true, false,
                                             new SecurityHeadersSettings(false, "nosniff", "no-referrer", "max-age=1"),
                                             RequestHeadSettings.DEFAULT);
        gateway = GATEWAYS.start(edge, List.of(TestGateway.route("events", "/events", origin.url())), Map.of());
        try (RawClient client = RawClient.get(gateway.port(), "/nowhere")) {
            assertEquals(404, client.status());
            assertNull(client.header("X-Content-Type-Options"));
            assertNull(client.header("Referrer-Policy"));
            assertEquals("{\"error\":\"no_route\",\"message\":\"no route matches path /nowhere\"}\n",
                         client.readTextToEnd(WAIT));
        }
    }
}
