package io.ssegateway.gateway.share;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.config.ShareSettings;
import io.ssegateway.gateway.testing.AdminPort;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.EventStreamReader;
import io.ssegateway.gateway.testing.Ids;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shared streams after a restart, over real sockets: every client reconnects to a fresh gateway with a
 * {@code Last-Event-ID} its empty replay buffer cannot serve. They must end on one origin stream, each with every id
 * once, in order.
 */
@Timeout(90)
class SharedRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The events the origin sent before the restart. */
    private static final int HISTORY = 100;
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    @Test
    void twoHundredClientsReconnectingWithAssortedIdsConvergeOnOneOriginStreamWithEveryIdOnceInOrder()
            throws Exception {
        BroadcastOrigin origin = GATEWAYS.closeAfter(new BroadcastOrigin(GATEWAYS.closeAfter(new TestOrigin())));
        // a replay buffer of 50 events: the client with id 5 is far outside it
        ShareSettings share = new ShareSettings(List.of(), false, List.of(), Duration.ofSeconds(5),
                                                new ShareSettings.Replay(50, Duration.ofMinutes(5), 1 << 20),
                                                1 << 20);
        RouteSettings route = TestGateway.route("events", "/events", origin.origin.url())
                .withShare(Optional.of(share));
        Gateway gateway = GATEWAYS.start(route);
        List<EventStreamReader> readers = new ArrayList<>();
        List<Integer> lastIds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int lastId = HISTORY - 10 + i % 11; // 90..100, the newest included
            lastIds.add(lastId);
            readers.add(GATEWAYS.closeAfter(EventStreamReader.open(gateway.port(), "/events/feed",
                                                                   "Last-Event-ID: " + lastId).start()));
        }
        for (EventStreamReader reader : readers) {
            assertTrue(reader.awaitHead(WAIT), "a client got no response head");
        }
        // one whose id is too old for the replay buffer: a private catch-up, then the shared stream
        lastIds.add(5);
        EventStreamReader old = GATEWAYS.closeAfter(EventStreamReader.open(gateway.port(), "/events/feed",
                                                                           "Last-Event-ID: 5").start());
        readers.add(old);
        assertTrue(old.awaitHead(WAIT), "the client with an old id got no response head");

        // the origin goes on: one event every 20 ms, until a single origin stream is left
        long end = System.nanoTime() + WAIT.toNanos();
        while (origin.open() > 1) {
            assertTrue(System.nanoTime() < end, "still " + origin.open() + " origin streams after " + WAIT);
            origin.emit();
            Thread.sleep(20);
        }
        for (int k = 0; k < 5; k++) {
            origin.emit();
        }
        String newest = String.valueOf(origin.newest());
        for (int i = 0; i < readers.size(); i++) {
            EventStreamReader reader = readers.get(i);
            reader.awaitId(newest, WAIT);
            assertEquals(Ids.range(lastIds.get(i) + 1, origin.newest()), reader.ids(),
                         "client " + i + " (Last-Event-ID " + lastIds.get(i) + ")");
        }
        assertEquals(1, origin.open(), "origin streams at the end");
        String metrics = AdminPort.metrics(gateway);
        assertEquals(1.0, AdminPort.meter(metrics, "sse_gateway_shared_upstream_opened"), metrics);
        assertEquals(201.0, AdminPort.meter(metrics, "sse_gateway_shared_clients"), metrics);
        double privately = AdminPort.meter(metrics, "sse_gateway_shared_replay_misses");
        assertTrue(privately >= 1.0, "the client with id 5 went private first: " + metrics);
        assertEquals(privately, AdminPort.meter(metrics, "sse_gateway_shared_caught_up"),
                     "every private one caught up");
    }

    @Test
    void aClientWithoutIdDoesNotGetTheAnswerToAnotherClientsIdWhileTheStreamOpenedAfterItWaitsForIt()
            throws Exception {
        TestOrigin origin = GATEWAYS.closeAfter(new TestOrigin());
        Gateway gateway = GATEWAYS.start(TestGateway.route("events", "/events", origin.url())
                                                 .withShare(Optional.of(ShareSettings.defaults())));
        EventStreamReader stale = GATEWAYS.closeAfter(EventStreamReader.open(gateway.port(), "/events/feed",
                                                                             "Last-Event-ID: gone").start());
        TestOrigin.Exchange shared = origin.next();
        assertEquals("gone", shared.header("last-event-id"), "the shared stream is opened after the client's id");
        EventStreamReader fresh = GATEWAYS.closeAfter(EventStreamReader.open(gateway.port(), "/events/feed").start());
        TestOrigin.Exchange own = origin.next(); // not on the stream that waits for the answer to "gone"
        assertEquals(null, own.header("last-event-id"));
        shared.respond(400, "Bad Request", "application/json", "{\"error\":\"unknown id\"}");
        own.startEventStream().send("id: 1\ndata: a\n\n");
        fresh.awaitId("1", WAIT);
        assertEquals(200, fresh.status());
        Await.until(WAIT, () -> stale.text().contains("unknown id"),
                    "the client with the unknown id did not get the origin's answer");
        assertEquals(400, stale.status());
    }

    /**
     * An origin with one feed of numbered events, {@code 1..HISTORY} sent before the test: each request gets the
     * events after its {@code Last-Event-ID} (all of them if it has none), then every new one. Counts its open
     * streams; one whose write failed (the gateway closed it) is no longer open.
     */
    private static final class BroadcastOrigin implements AutoCloseable {
        final TestOrigin origin;
        private final List<TestOrigin.Exchange> open = new ArrayList<>();
        private final Thread acceptor;
        private int newest = HISTORY;

        BroadcastOrigin(TestOrigin origin) {
            this.origin = origin;
            this.acceptor = Thread.ofVirtual().start(this::serve);
        }

        private void serve() {
            while (!Thread.currentThread().isInterrupted()) {
                TestOrigin.Exchange exchange;
                try {
                    exchange = origin.poll(Duration.ofMillis(50));
                } catch (InterruptedException e) {
                    return;
                }
                if (exchange == null) {
                    continue;
                }
                synchronized (this) {
                    String last = exchange.header("last-event-id");
                    try {
                        exchange.startEventStream();
                        StringBuilder missed = new StringBuilder();
                        for (int id = last == null ? 1 : Integer.parseInt(last) + 1; id <= newest; id++) {
                            missed.append(event(id));
                        }
                        exchange.send(missed.toString());
                        open.add(exchange);
                    } catch (IOException e) {
                        // the gateway let go of it already
                    }
                }
            }
        }

        /** Sends the next event to every open stream. */
        synchronized void emit() {
            newest++;
            String event = event(newest);
            open.removeIf(exchange -> {
                try {
                    exchange.send(event);
                    return false;
                } catch (IOException e) {
                    return true;
                }
            });
        }

        synchronized int newest() {
            return newest;
        }

        synchronized int open() {
            return open.size();
        }

        private static String event(int id) {
            return "id: " + id + "\ndata: e" + id + "\n\n";
        }

        @Override
        public void close() {
            acceptor.interrupt();
        }
    }
}
