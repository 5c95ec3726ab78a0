package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.monitor.StreamMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An auth decision's expiry closes its event stream between events with a retry: hint. */
@Timeout(30)
class CredentialExpiryTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    private final BlockingQueue<CloseReason> closes = new ArrayBlockingQueue<>(10);

    @Test
    void aStreamIsClosedWhenItsCredentialExpiresWithARetryHintAfterTheLastWholeEvent() throws Exception {
        TestOrigin origin = origin();
        long authorizedAt = System.nanoTime();
        Gateway gateway = start(origin, () -> AuthDecision.allowUntil("ann", Instant.now().plusMillis(1200)));
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange upstream = origin.next().startEventStream().send("id: 1\ndata: one\n\n");
            client.readUntil("data: one\n\n", WAIT);
            upstream.send("id: 2\ndata: two\n\n");
            String body = client.readTextToEnd(WAIT);
            long closedAfter = (System.nanoTime() - authorizedAt) / 1_000_000;
            assertTrue(body.endsWith("id: 1\ndata: one\n\nid: 2\ndata: two\n\nretry: 3000\n\n"), body);
            assertTrue(closedAfter >= 1100, "closed " + closedAfter + " ms after auth, before the expiry");
            assertTrue(upstream.awaitClosed(WAIT), "the upstream stream is closed too");
        }
        assertEquals(CloseReason.AUTH_EXPIRED, closes.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aStreamWithoutExpiryStaysOpenAsBefore() throws Exception {
        TestOrigin origin = origin();
        Gateway gateway = start(origin, () -> new AuthDecision.Allow("ann", Map.of(), java.util.Set.of(),
                                                                    java.util.Set.of(), java.util.Set.of()));
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange upstream = origin.next().startEventStream().send("data: one\n\n");
            client.readUntil("data: one\n\n", WAIT);
            assertTrue(client.quietFor(Duration.ofMillis(1500)), client.bodySoFar());
            upstream.send("data: two\n\n");
            client.readUntil("data: two\n\n", WAIT);
            upstream.end();
            client.readToEnd(WAIT);
        }
    }

    @Test
    void aCredentialAlreadyExpiredIsAnswered401WithoutAnUpstreamRequest() throws Exception {
        TestOrigin origin = origin();
        Gateway gateway = start(origin, () -> AuthDecision.allowUntil("ann", Instant.now().minusSeconds(1)));
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            assertEquals(401, client.status());
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.contains("\"error\":\"credentials_expired\""), body);
        }
        assertEquals(null, origin.poll(Duration.ofMillis(200)), "no upstream request");
    }

    private TestOrigin origin() throws Exception {
        return GATEWAYS.closeAfter(new TestOrigin());
    }

    private Gateway start(TestOrigin origin, Supplier<AuthDecision> decision) {
        Authenticator auth = request -> decision.get();
        StreamMonitor monitor = new StreamMonitor() {
            @Override
            public void streamClosed(StreamInfo stream, CloseReason reason) {
                closes.add(reason);
            }
        };
        RoutePlugins none = RoutePlugins.none();
        RoutePlugins plugins = new RoutePlugins(Optional.of(auth), none.balancer(), List.of(),
                                                new Monitors(List.of(monitor), List.of("closes")), "auth");
        RouteSettings route = TestGateway.route("events", "/events", origin.url());
        return GATEWAYS.start(List.of(route), Map.of("events", plugins));
    }
}
