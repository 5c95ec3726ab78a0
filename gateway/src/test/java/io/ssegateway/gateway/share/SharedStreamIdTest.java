package io.ssegateway.gateway.share;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.config.ShareSettings;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.EventStreamReader;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.monitor.StreamMonitor;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shared upstream stream and the client streams on it are each a {@link StreamInfo} to plugins (transforms see
 * the shared one, monitors each client's): their ids come from one sequence, so no two are equal.
 */
@Timeout(30)
class SharedStreamIdTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    @Test
    void theSharedStreamsIdIsTakenBetweenItsFirstClientsAndTheNextClientsIds() throws Exception {
        List<Long> clientIds = new CopyOnWriteArrayList<>();
        List<Long> sharedIds = new CopyOnWriteArrayList<>();
        EventTransform seen = (event, stream) -> {
            sharedIds.add(stream.streamId());
            return List.of(event);
        };
        StreamMonitor opened = new StreamMonitor() {
            @Override
            public void streamOpened(StreamInfo stream) {
                clientIds.add(stream.streamId());
            }
        };
        TestOrigin origin = GATEWAYS.closeAfter(new TestOrigin());
        RouteSettings route = TestGateway.route("events", "/events", origin.url())
                .withShare(Optional.of(ShareSettings.defaults()));
        RoutePlugins none = RoutePlugins.none();
        RoutePlugins plugins = new RoutePlugins(Optional.empty(), none.balancer(), List.of(seen),
                                                new Monitors(List.of(opened), List.of("ids")), "ids");
        Gateway gateway = GATEWAYS.start(List.of(route), Map.of(route.id(), plugins));

        EventStreamReader first = GATEWAYS.closeAfter(EventStreamReader.open(gateway.port(), "/events").start());
        TestOrigin.Exchange upstream = origin.next();
        upstream.startEventStream();
        Await.until(WAIT, () -> clientIds.size() == 1, "the first client's stream opened");
        EventStreamReader second = GATEWAYS.closeAfter(EventStreamReader.open(gateway.port(), "/events").start());
        Await.until(WAIT, () -> clientIds.size() == 2, "the second client's stream opened");
        upstream.send("id: 1\ndata: x\n\n");
        first.awaitId("1", WAIT);
        second.awaitId("1", WAIT);

        assertEquals(1, sharedIds.size(), "the transform ran once, on the shared stream");
        long shared = sharedIds.get(0);
        assertTrue(clientIds.get(0) < shared && shared < clientIds.get(1),
                   "shared stream id " + shared + " not between its clients' ids " + clientIds);
    }
}
