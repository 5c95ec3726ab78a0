package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.balancer.Balancer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** After each pick the gateway tells the balancer exactly one of streamOpened or pickDropped, over real sockets. */
@Timeout(30)
class BalancerHooksTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    @Test
    void aRefusedUpstreamsPickIsDroppedAndTheNextOneOpensAndCloses() throws Exception {
        int down;
        try (ServerSocket s = new ServerSocket(0)) {
            down = s.getLocalPort();
        }
        URI refused = URI.create("http://127.0.0.1:" + down);
        Recording balancer = new Recording();
        try (TestOrigin origin = new TestOrigin();
             Gateway gateway = GATEWAYS.start(
                     List.of(TestGateway.route("events", "/events", refused.toString(), origin.url())),
                     Map.of("events", new RoutePlugins(Optional.empty(), balancer, List.of(), Monitors.none(),
                                                    "balancer")))) {
            try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
                TestOrigin.Exchange upstream = origin.next().startEventStream().send("data: hi\n\n");
                client.readUntil("data: hi\n\n", WAIT);
                URI good = URI.create(origin.url());
                assertEquals(List.of("pick " + refused, "dropped " + refused, "pick " + good, "opened " + good),
                             balancer.heard);
                upstream.end();
                client.readToEnd(WAIT);
                Await.until(WAIT, () -> balancer.heard.size() >= 5, () -> "the balancer heard " + balancer.heard);
                assertEquals("closed " + good, balancer.heard.getLast());
                assertEquals(5, balancer.heard.size(), balancer.heard.toString());
            }
        }
    }

    /** Picks the first usable upstream and records every call. */
    private static final class Recording implements Balancer {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public URI pick(List<URI> usable, RequestView request) {
            heard.add("pick " + usable.getFirst());
            return usable.getFirst();
        }

        @Override
        public void streamOpened(URI upstream) {
            heard.add("opened " + upstream);
        }

        @Override
        public void streamClosed(URI upstream) {
            heard.add("closed " + upstream);
        }

        @Override
        public void pickDropped(URI upstream) {
            heard.add("dropped " + upstream);
        }
    }
}
