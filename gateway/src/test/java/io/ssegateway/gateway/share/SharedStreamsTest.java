package io.ssegateway.gateway.share;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.EdgeSettings;
import io.ssegateway.gateway.config.RequestHeadSettings;
import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.config.SecurityHeadersSettings;
import io.ssegateway.gateway.config.ShareSettings;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.AdminPort;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.EventStreamReader;
import io.ssegateway.gateway.testing.Ids;
import io.ssegateway.gateway.testing.H2cClient;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared streams over real sockets: one origin stream, many clients, replay, slow clients, linger and resume. */
@Timeout(90)
class SharedStreamsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    private final Closes closes = new Closes();

    @Test
    void manyClientsOnOneKeyGetTheSameBytesInTheSameOrderFromOneOriginStream() throws Exception {
        TestOrigin origin = origin();
        Gateway gateway = start(route(origin, ShareSettings.defaults(), false));
        int clients = 1000;
        List<EventStreamReader> readers = new ArrayList<>();
        readers.add(client(gateway, "/events/prices?symbol=X"));
        TestOrigin.Exchange upstream = origin.next();
        assertEquals("/events/prices?symbol=X", upstream.target);
        upstream.startEventStream();
        for (int i = 1; i < clients; i++) {
            readers.add(client(gateway, "/events/prices?symbol=X"));
        }
        awaitOpened(clients);
        for (int id = 1; id <= 50; id++) {
            upstream.send(event(id, "{\"p\":" + id + "}"));
        }
        byte[] first = null;
        for (EventStreamReader reader : readers) {
            reader.awaitId("50", WAIT);
            assertEquals(Ids.range(1, 50), reader.ids());
            if (first == null) {
                first = reader.bytes();
            }
            assertArrayEquals(first, reader.bytes());
        }
        assertNull(origin.poll(Duration.ofMillis(300)), "the origin got a second stream");
    }

    @Test
    void clientsOnOneHttp2ConnectionAndOthersOnHttp11ShareOneUpstreamAndSeeTheSameIdsInOrder() throws Exception {
        TestOrigin origin = origin();
        EdgeSettings h2c = new EdgeSettings(Optional.empty(), true, true, SecurityHeadersSettings.DEFAULT,
                                            RequestHeadSettings.DEFAULT);
        Gateway gateway = start(h2c, route(origin, ShareSettings.defaults(), false), Optional.empty());
        List<EventStreamReader> http1 = new ArrayList<>();
        http1.add(client(gateway, "/events/feed"));
        TestOrigin.Exchange upstream = origin.next();
        upstream.startEventStream();
        try (H2cClient h2 = new H2cClient(gateway.port())) {
            List<Integer> h2Streams = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                h2Streams.add(h2.get("/events/feed"));
                http1.add(client(gateway, "/events/feed"));
            }
            awaitOpened(21);
            StringBuilder sent = new StringBuilder();
            for (int id = 1; id <= 50; id++) {
                String event = event(id, "{\"p\":" + id + "}");
                sent.append(event);
                upstream.send(event);
            }
            upstream.end();
            h2.awaitAllEnded();
            for (int stream : h2Streams) {
                assertTrue(h2.ok(stream), "HTTP/2 stream " + stream + " answered 200");
                assertEquals(sent.toString(), h2.body(stream), "HTTP/2 stream " + stream);
            }
            for (EventStreamReader reader : http1) {
                assertTrue(reader.awaitEnd(WAIT), "an HTTP/1.1 client's response did not end with the upstream's");
                assertEquals(sent.toString(), reader.text());
            }
        }
        assertEquals(21, closes.count(CloseReason.UPSTREAM_ENDED));
        assertNull(origin.poll(Duration.ofMillis(300)), "the origin got a second stream");
    }

    @Test
    void aClientWithAnIdInTheReplayWindowGetsWhatItMissedThenLiveOnesAndOneOutsideGetsAPrivateStreamUntilCaughtUp()
            throws Exception {
        TestOrigin origin = origin();
        ShareSettings share = new ShareSettings(List.of(), false, List.of("x-trace"), Duration.ofSeconds(5),
                                                new ShareSettings.Replay(5, Duration.ofMinutes(5), 1 << 20), 1 << 20);
        Gateway gateway = start(route(origin, share, false));
        EventStreamReader a = client(gateway, "/events/feed", "Authorization: Bearer secret", "Cookie: s=1",
                                     "X-Trace: t1");
        TestOrigin.Exchange upstream = origin.next();
        assertNull(upstream.header("authorization"), "a client's credentials went to the shared upstream");
        assertNull(upstream.header("cookie"), "a client's cookie went to the shared upstream");
        assertEquals("t1", upstream.header("x-trace"));
        assertEquals("text/event-stream", upstream.header("accept"));
        upstream.startEventStream();
        awaitOpened(1);
        for (int id = 1; id <= 10; id++) {
            upstream.send(event(id, "e" + id));
        }
        a.awaitId("10", WAIT);

        EventStreamReader inside = client(gateway, "/events/feed", "Last-Event-ID: 7");
        inside.awaitId("10", WAIT);
        EventStreamReader live = client(gateway, "/events/feed");
        awaitOpened(3);
        upstream.send(event(11, "e11") + event(12, "e12"));
        inside.awaitId("12", WAIT);
        live.awaitId("12", WAIT);
        a.awaitId("12", WAIT);
        assertEquals(Ids.range(8, 12), inside.ids());
        assertEquals(Ids.range(11, 12), live.ids());
        assertEquals(Ids.range(1, 12), a.ids());
        assertNull(origin.poll(Duration.ofMillis(200)), "a replay went to the origin");

        EventStreamReader outside = client(gateway, "/events/feed", "Last-Event-ID: 2");
        TestOrigin.Exchange own = origin.next();
        assertEquals("2", own.header("last-event-id"));
        own.startEventStream();
        for (int id = 3; id <= 12; id++) {
            own.send(event(id, "e" + id));
        }
        outside.awaitId("12", WAIT);
        assertEquals(Ids.range(3, 12), outside.ids());
        // caught up (12 is in the replay buffer): it joins the shared stream and its own upstream is closed
        awaitMeter(gateway, "sse_gateway_shared_caught_up", 1.0);
        assertTrue(own.awaitClosed(WAIT), "the caught-up client's private upstream stayed open");
        upstream.send(event(13, "e13"));
        outside.awaitId("13", WAIT);
        assertEquals(Ids.range(3, 13), outside.ids());

        String metrics = AdminPort.metrics(gateway);
        assertEquals(1.0, AdminPort.meter(metrics, "sse_gateway_shared_streams_open"), metrics);
        assertEquals(4.0, AdminPort.meter(metrics, "sse_gateway_shared_clients"), metrics);
        assertEquals(3.0, AdminPort.meter(metrics, "sse_gateway_shared_upstream_saved"), metrics);
        assertEquals(1.0, AdminPort.meter(metrics, "sse_gateway_shared_replays"), metrics);
        assertEquals(1.0, AdminPort.meter(metrics, "sse_gateway_shared_replay_misses"), metrics);
        String shared = "\"shared\":{\"open\":1,\"clients\":4,\"opened\":1,\"saved\":3,\"replays\":1,"
                + "\"replayMisses\":1,\"caughtUp\":1,\"slowClients\":0,\"streams\":[{\"route\":\"events\","
                + "\"path\":\"/events/feed\",\"state\":\"live\",\"clients\":4,\"events\":13}]}";
        AdminPort.assertDashboardShows(gateway, shared);
    }

    @Test
    void aSlowClientIsClosedWhileAHundredOthersKeepUpWithTheOrigin() throws Exception {
        TestOrigin origin = origin();
        ShareSettings share = new ShareSettings(List.of(), false, List.of(), Duration.ofSeconds(5),
                                                new ShareSettings.Replay(1000, Duration.ofMinutes(5), 16 << 20),
                                                192 * 1024);
        Gateway gateway = start(route(origin, share, false));
        EventStreamReader first = client(gateway, "/events/feed");
        TestOrigin.Exchange upstream = origin.next();
        upstream.startEventStream();
        awaitOpened(1);
        // 7.5 MB of history: the slow client replays it, so its writes block whatever the sockets' buffers hold
        String big = "h".repeat(64 * 1024);
        for (int id = 1; id <= 120; id++) {
            upstream.send(event(id, big));
            first.awaitId(String.valueOf(id), WAIT); // the only client then: at its pace, it is not slow
        }
        EventStreamReader slow = EventStreamReader.open(gateway.port(), 4096, "/events/feed", "Last-Event-ID: 1");
        GATEWAYS.closeAfter(slow); // never reads
        List<EventStreamReader> fast = new ArrayList<>();
        for (int i = 1; i < 100; i++) {
            fast.add(client(gateway, "/events/feed"));
        }
        awaitOpened(101);
        fast.add(first);
        int from = 121;
        int to = 370;
        String payload = "x".repeat(2000);
        long[] sent = new long[to + 1];
        for (int id = from; id <= to; id++) {
            sent[id] = System.nanoTime();
            upstream.send(event(id, payload));
            Thread.sleep(10); // the origin paces itself: about 100 events a second
        }
        List<Long> lags = new ArrayList<>();
        for (EventStreamReader reader : fast) {
            reader.awaitId(String.valueOf(to), WAIT);
            List<String> ids = reader.ids();
            assertEquals(Ids.range(reader == first ? 1 : from, to), ids);
            List<Long> at = reader.idNanos();
            for (int k = 0; k < at.size(); k++) {
                int id = Integer.parseInt(ids.get(k));
                if (id >= from) {
                    lags.add(at.get(k) - sent[id]);
                }
            }
        }
        Collections.sort(lags);
        long p50 = lags.get(lags.size() / 2) / 1_000_000;
        long p99 = lags.get(lags.size() * 99 / 100) / 1_000_000;
        long max = lags.getLast() / 1_000_000;
        System.out.println("shared stream, 100 clients and one slow: lag behind the origin p50 " + p50 + " ms, p99 "
                           + p99 + " ms, max " + max + " ms over " + lags.size() + " deliveries");
        closes.await(CloseReason.SLOW_CLIENT, 1, WAIT);
        assertEquals(1, closes.count(CloseReason.SLOW_CLIENT), "a client that kept up was closed as slow");
        slow.start();
        assertTrue(slow.awaitEnd(WAIT), "the slow client's connection was not closed");
        List<String> got = slow.ids();
        assertEquals(Ids.range(2, 1 + got.size()), got, "the slow client got a gap or a repeat before it was closed");
        assertTrue(got.size() < to - 1, "the slow client got everything: it was not slow");
    }

    @Test
    void theUpstreamClosesLingerAfterTheLastClientLeftAndAClientWithinLingerRejoinsIt() throws Exception {
        TestOrigin origin = origin();
        ShareSettings share = new ShareSettings(List.of(), false, List.of(), Duration.ofMillis(400),
                                                ShareSettings.Replay.defaults(), 1 << 20);
        Gateway gateway = start(route(origin, share, false));
        EventStreamReader a = client(gateway, "/events/feed");
        TestOrigin.Exchange upstream = origin.next();
        upstream.startEventStream();
        awaitOpened(1);
        upstream.send(event(1, "one"));
        a.awaitId("1", WAIT);
        a.close();
        closes.await(CloseReason.CLIENT_GONE, 1, WAIT);
        assertFalse(upstream.awaitClosed(Duration.ofMillis(150)), "closed before linger passed");
        EventStreamReader b = client(gateway, "/events/feed");
        awaitOpened(2);
        upstream.send(event(2, "two"));
        b.awaitId("2", WAIT);
        assertEquals(List.of("2"), b.ids());
        assertNull(origin.poll(Duration.ofMillis(10)), "a client within linger opened another upstream stream");
        b.close();
        closes.await(CloseReason.CLIENT_GONE, 2, WAIT);
        long left = System.nanoTime();
        assertTrue(upstream.awaitClosed(WAIT), "the upstream was not closed after linger");
        long lingered = (System.nanoTime() - left) / 1_000_000;
        assertTrue(lingered >= 300, "closed " + lingered + " ms after the last client left, linger is 400 ms");
        client(gateway, "/events/feed");
        assertEquals("/events/feed", origin.next().target, "a client after linger did not open a new stream");
    }

    @Test
    void theUpstreamClosesLingerAfterItsLastClientWasClosedAsSlow() throws Exception {
        TestOrigin origin = origin();
        ShareSettings share = new ShareSettings(List.of(), false, List.of(), Duration.ofMillis(400),
                                                ShareSettings.Replay.defaults(), 64 * 1024);
        Gateway gateway = start(route(origin, share, false));
        EventStreamReader slow = EventStreamReader.open(gateway.port(), 4096, "/events/feed");
        GATEWAYS.closeAfter(slow); // never reads
        TestOrigin.Exchange upstream = origin.next();
        upstream.startEventStream();
        awaitOpened(1);
        String big = "s".repeat(32 * 1024);
        for (int id = 1; closes.count(CloseReason.SLOW_CLIENT) == 0; id++) {
            assertTrue(id < 2_000, "the client that never reads was not closed as slow");
            upstream.send(event(id, big));
        }
        assertTrue(upstream.awaitClosed(WAIT), "the upstream stayed open after its only client was closed as slow");
        slow.start();
        assertTrue(slow.awaitEnd(WAIT), "the slow client's connection was not closed");
    }

    @Test
    void aCleanEndOfTheUpstreamEndsEveryClientsResponse() throws Exception {
        TestOrigin origin = origin();
        Gateway gateway = start(route(origin, ShareSettings.defaults(), true));
        List<EventStreamReader> readers = new ArrayList<>();
        TestOrigin.Exchange upstream = sharedFeed(gateway, origin, 20, readers);
        upstream.send(event(1, "a") + event(2, "b"));
        upstream.end();
        for (EventStreamReader reader : readers) {
            assertTrue(reader.awaitEnd(WAIT), "a client's response did not end with the upstream's");
            assertEquals(Ids.range(1, 2), reader.ids());
        }
        assertNull(origin.poll(Duration.ofMillis(300)), "a cleanly ended shared stream was resumed");
    }

    @Test
    void aFirstAnswerThatIsNotAnEventStreamGoesToEveryWaitingClientFromOneOriginRequest() throws Exception {
        TestOrigin origin = origin();
        Gateway gateway = start(route(origin, ShareSettings.defaults(), false));
        int clients = 20;
        List<EventStreamReader> readers = new ArrayList<>();
        readers.add(client(gateway, "/events/feed", "Connection: close"));
        TestOrigin.Exchange upstream = origin.next();
        for (int i = 1; i < clients; i++) {
            readers.add(client(gateway, "/events/feed", "Connection: close"));
        }
        awaitMeter(gateway, "sse_gateway_shared_clients", clients); // all of them wait for the one answer
        String body = "{\"error\":\"feed under maintenance\"}";
        upstream.sendRaw("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 7\r\n"
                         + "Set-Cookie: origin=1\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                         + body);
        upstream.kill();
        for (EventStreamReader reader : readers) {
            assertTrue(reader.awaitEnd(WAIT), "a waiting client did not get the origin's answer");
            assertEquals(503, reader.status());
            assertEquals(body, reader.text());
        }
        assertNull(origin.poll(Duration.ofMillis(300)), "a waiting client sent its own request to the origin");
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), gateway.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(("GET /events/feed HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            TestOrigin.Exchange second = origin.next(); // the failed stream is not kept: the next client asks again
            second.sendRaw("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nSet-Cookie: origin=2\r\n"
                           + "Content-Length: 12\r\nConnection: close\r\n\r\nno such feed");
            second.kill();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
            assertFalse(answer.toLowerCase(java.util.Locale.ROOT).contains("set-cookie"), answer);
            assertTrue(answer.endsWith("\r\n\r\nno such feed"), answer);
        }
    }

    @Test
    void withResumeOnEndACleanEndIsResumedOnceForAllClientsAndA204EndsThem() throws Exception {
        TestOrigin origin = origin();
        RouteSettings route = TestGateway.withResilience(
                TestGateway.route("events", "/events", origin.url()), new ResilienceSettings(
                        0, new ResilienceSettings.Resume(true, 5, Duration.ofMillis(20), Duration.ofMillis(100), true),
                        new ResilienceSettings.PassiveHealth(100, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                        Optional.empty())).withShare(Optional.of(ShareSettings.defaults()));
        Gateway gateway = start(route);
        List<EventStreamReader> readers = new ArrayList<>();
        TestOrigin.Exchange upstream = sharedFeed(gateway, origin, 20, readers);
        upstream.send(event(1, "a") + event(2, "b"));
        upstream.end(); // an origin shedding load: a clean end
        TestOrigin.Exchange resumed = origin.next();
        assertEquals("2", resumed.header("last-event-id"));
        resumed.startEventStream();
        resumed.send(event(3, "c") + event(4, "d"));
        for (EventStreamReader reader : readers) {
            reader.awaitId("4", WAIT);
            assertEquals(Ids.range(1, 4), reader.ids());
            assertFalse(reader.ended(), "a client's response ended with the upstream's, on-end is on");
        }
        assertNull(origin.poll(Duration.ofMillis(200)), "the shared stream was resumed more than once");
        resumed.end();
        origin.next().noContent(); // "stop reconnecting"
        for (EventStreamReader reader : readers) {
            assertTrue(reader.awaitEnd(WAIT), "a 204 answer to a resume did not end a client's response");
            assertEquals(Ids.range(1, 4), reader.ids());
        }
        assertNull(origin.poll(Duration.ofMillis(200)), "the shared stream was resumed after a 204");
    }

    @Test
    void anUpstreamKilledMidStreamIsResumedOnceForAllClientsAndEachGetsEveryIdOnceInOrder() throws Exception {
        TestOrigin origin = origin();
        Gateway gateway = start(route(origin, ShareSettings.defaults(), true));
        int clients = 500;
        List<EventStreamReader> readers = new ArrayList<>();
        TestOrigin.Exchange upstream = sharedFeed(gateway, origin, clients, readers);
        for (int id = 1; id <= 30; id++) {
            upstream.send(event(id, "d" + id));
        }
        upstream.send("id: 31\ndata: cut"); // half an event, then the connection breaks
        upstream.kill();
        TestOrigin.Exchange resumed = origin.next();
        assertEquals("30", resumed.header("last-event-id"));
        resumed.startEventStream();
        for (int id = 25; id <= 60; id++) { // the origin repeats 25..30: they are dropped
            resumed.send(event(id, "d" + id));
        }
        for (EventStreamReader reader : readers) {
            reader.awaitId("60", WAIT);
            assertEquals(Ids.range(1, 60), reader.ids());
        }
        assertNull(origin.poll(Duration.ofMillis(300)), "the shared stream was resumed more than once");
    }

    @Test
    void anIdentityKeySharesOneUpstreamAmongTheTabsOfOneUserAndNotAcrossUsers() throws Exception {
        TestOrigin origin = origin();
        ShareSettings share = new ShareSettings(List.of(), true, List.of(), Duration.ofSeconds(5),
                                                ShareSettings.Replay.defaults(), 1 << 20);
        Authenticator byUserHeader = request -> request.header("x-user").map(AuthDecision::allow)
                .orElse(AuthDecision.deny(401, "no user", Map.of()));
        Gateway gateway = start(route(origin, share, false), Optional.of(byUserHeader));
        EventStreamReader aliceTab1 = client(gateway, "/events/feed", "X-User: alice");
        TestOrigin.Exchange forAlice = origin.next();
        assertNull(forAlice.header("x-user"), "a client's header not in upstream-headers went to the shared upstream");
        forAlice.startEventStream();
        EventStreamReader bob = client(gateway, "/events/feed", "X-User: bob");
        TestOrigin.Exchange forBob = origin.next();
        forBob.startEventStream();
        EventStreamReader aliceTab2 = client(gateway, "/events/feed", "X-User: alice");
        awaitOpened(3);
        assertNull(origin.poll(Duration.ofMillis(200)), "a second tab of one user opened another upstream stream");
        forAlice.send(event(1, "for alice"));
        forBob.send(event(2, "for bob"));
        forAlice.send(event(3, "for alice"));
        aliceTab1.awaitId("3", WAIT);
        aliceTab2.awaitId("3", WAIT);
        bob.awaitId("2", WAIT);
        assertEquals(List.of("1", "3"), aliceTab1.ids());
        assertEquals(List.of("1", "3"), aliceTab2.ids());
        assertEquals(List.of("2"), bob.ids());
        String metrics = AdminPort.metrics(gateway);
        assertEquals(2.0, AdminPort.meter(metrics, "sse_gateway_shared_streams_open"), metrics);
        assertEquals(1.0, AdminPort.meter(metrics, "sse_gateway_shared_upstream_saved"), metrics);
    }

    @Test
    void aKeyHeaderSeparatesStreamsAndAQuietSharedStreamGetsHeartbeatsAndADrainTellsEveryClientToRetry()
            throws Exception {
        TestOrigin origin = origin();
        ShareSettings share = new ShareSettings(List.of("x-tenant"), false, List.of("x-tenant"),
                                                Duration.ofSeconds(5), ShareSettings.Replay.defaults(), 1 << 20);
        RouteSettings route = TestGateway.route("events", "/events", Duration.ofMillis(200),
                                                io.ssegateway.gateway.config.OnUpstreamError.RETRY,
                                                new io.ssegateway.gateway.config.Timeouts(Duration.ofSeconds(2),
                                                        Duration.ofSeconds(5), Duration.ofSeconds(60)),
                                                origin.url()).withShare(Optional.of(share));
        Gateway gateway = start(route);
        EventStreamReader a1 = client(gateway, "/events/feed", "X-Tenant: a");
        TestOrigin.Exchange upA = origin.next();
        assertEquals("a", upA.header("x-tenant"));
        upA.startEventStream();
        EventStreamReader b1 = client(gateway, "/events/feed", "X-Tenant: b");
        TestOrigin.Exchange upB = origin.next();
        assertEquals("b", upB.header("x-tenant"));
        upB.startEventStream();
        EventStreamReader a2 = client(gateway, "/events/feed", "X-Tenant: a");
        awaitOpened(3);
        assertNull(origin.poll(Duration.ofMillis(100)), "a client of a known key opened another upstream stream");
        upA.send(event(1, "for a"));
        upB.send(event(2, "for b"));
        a1.awaitId("1", WAIT);
        a2.awaitId("1", WAIT);
        b1.awaitId("2", WAIT);
        assertEquals(List.of("1"), a2.ids());
        assertEquals(List.of("2"), b1.ids());

        awaitText(a2, "id: 1\ndata: for a\n\n:\n\n"); // the shared stream is quiet: a2 writes its own heartbeat
        Thread closing = Thread.ofVirtual().start(gateway::close);
        for (EventStreamReader reader : List.of(a1, a2, b1)) {
            assertTrue(reader.awaitEnd(WAIT), "a shared client was not closed by the drain");
            assertTrue(reader.text().endsWith("retry: 3000\n\n"), reader.text());
        }
        assertEquals(3, closes.count(CloseReason.SHUTDOWN));
        // the close must be over before the next test makes meters: a gateway stopping its admin server while
        // another registers meters deadlocks inside Helidon's and Micrometer's registries (seen once)
        assertTrue(closing.join(WAIT), "the gateway did not close");
    }

    private static void awaitText(EventStreamReader reader, String text) throws InterruptedException {
        Await.until(WAIT, () -> reader.text().contains(text),
                    () -> "no " + text.replace("\n", "\\n") + "; got: " + reader.text().replace("\n", "\\n"));
    }

    private static void awaitMeter(Gateway gateway, String name, double value) throws Exception {
        Await.until(WAIT, () -> AdminPort.meter(AdminPort.metrics(gateway), name) == value,
                    () -> name + " not " + value + ": " + AdminPort.metrics(gateway));
    }

    private void awaitOpened(int count) throws InterruptedException {
        Await.until(WAIT, () -> closes.opened.get() >= count,
                    () -> "only " + closes.opened.get() + " of " + count + " clients opened");
    }

    /**
     * Opens {@code count} clients of {@code /events/feed} into {@code readers}: the first one's request to the origin
     * is answered with an event stream, shared by the others; returns that origin stream once all are open.
     */
    private TestOrigin.Exchange sharedFeed(Gateway gateway, TestOrigin origin, int count,
                                           List<EventStreamReader> readers) throws Exception {
        readers.add(client(gateway, "/events/feed"));
        TestOrigin.Exchange upstream = origin.next();
        upstream.startEventStream();
        for (int i = 1; i < count; i++) {
            readers.add(client(gateway, "/events/feed"));
        }
        awaitOpened(count);
        return upstream;
    }

    private TestOrigin origin() throws IOException {
        return GATEWAYS.closeAfter(new TestOrigin());
    }

    private EventStreamReader client(Gateway gateway, String target, String... headers) throws IOException {
        return GATEWAYS.closeAfter(EventStreamReader.open(gateway.port(), target, headers).start());
    }

    private Gateway start(RouteSettings route) {
        return start(route, Optional.empty());
    }

    private Gateway start(RouteSettings route, Optional<Authenticator> auth) {
        return start(EdgeSettings.DEFAULT, route, auth);
    }

    private Gateway start(EdgeSettings edge, RouteSettings route, Optional<Authenticator> auth) {
        RoutePlugins none = RoutePlugins.none();
        RoutePlugins plugins = new RoutePlugins(auth, none.balancer(), List.of(),
                                                new Monitors(List.of(closes), List.of("test")), "test");
        return GATEWAYS.start(edge, List.of(route), Map.of(route.id(), plugins));
    }

    private static RouteSettings route(TestOrigin origin, ShareSettings share, boolean resume) {
        RouteSettings route = TestGateway.route("events", "/events", origin.url());
        if (resume) {
            route = TestGateway.withResilience(route, new ResilienceSettings(
                    0, new ResilienceSettings.Resume(true, 5, Duration.ofMillis(20), Duration.ofMillis(100)),
                    new ResilienceSettings.PassiveHealth(100, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                    Optional.empty()));
        }
        return route.withShare(Optional.of(share));
    }

    private static String event(int id, String data) {
        return "id: " + id + "\ndata: " + data + "\n\n";
    }

    /** Counts client streams opened and closed by reason. */
    private static final class Closes implements StreamMonitor {
        final AtomicInteger opened = new AtomicInteger();
        private final Map<CloseReason, AtomicInteger> byReason = new ConcurrentHashMap<>();

        @Override
        public void streamOpened(StreamInfo stream) {
            opened.incrementAndGet();
        }

        @Override
        public void streamClosed(StreamInfo stream, CloseReason reason) {
            byReason.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
        }

        int count(CloseReason reason) {
            AtomicInteger n = byReason.get(reason);
            return n == null ? 0 : n.get();
        }

        void await(CloseReason reason, int count, Duration within) throws InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            while (count(reason) < count) {
                if (System.nanoTime() > end) {
                    throw new AssertionError(count + " closes with " + reason + " expected; got " + byReason);
                }
                Thread.sleep(5);
            }
        }
    }
}
