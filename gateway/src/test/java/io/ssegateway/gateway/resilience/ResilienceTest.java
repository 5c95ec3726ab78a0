package io.ssegateway.gateway.resilience;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.DrainSettings;
import io.ssegateway.gateway.config.LimitsSettings;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.config.Timeouts;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ResilienceTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    private TestOrigin origin() throws IOException {
        return GATEWAYS.closeAfter(new TestOrigin());
    }

    private Gateway start(RouteSettings route, LimitsSettings limits, Duration drain) {
        return GATEWAYS.start(TestGateway.settings(List.of(route), limits, new DrainSettings(drain)), Map.of());
    }

    private static RouteSettings route(ResilienceSettings resilience, long firstByteMs, String... upstreams) {
        return TestGateway.withResilience(
                TestGateway.route("events", "/events", Duration.ofSeconds(15), OnUpstreamError.STATUS,
                                  new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(firstByteMs),
                                               Duration.ofSeconds(60)), upstreams), resilience);
    }

    private static ResilienceSettings resilience(int retries, boolean resume, int failures, Duration cooldown) {
        return new ResilienceSettings(retries, new ResilienceSettings.Resume(resume, 5, Duration.ofMillis(20),
                                                                             Duration.ofMillis(100)),
                                      new ResilienceSettings.PassiveHealth(failures, Duration.ofSeconds(10), cooldown),
                                      Optional.empty());
    }

    /**
     * Two origins, a gateway whose route resumes broken streams on either, a client reading its {@code /events},
     * and the origin stream (started) that the client's stream was given first.
     */
    private ResumingStream resumingStream() throws Exception {
        TestOrigin a = origin();
        TestOrigin b = origin();
        Gateway gateway = start(route(resilience(2, true, 3, Duration.ofSeconds(10)), 5000, a.url(), b.url()),
                                TestGateway.noLimits(), Duration.ofSeconds(1));
        RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream");
        return new ResumingStream(a, b, client, pollBoth(a, b).startEventStream());
    }

    /** What {@link #resumingStream()} made; closing it closes the client. */
    private record ResumingStream(TestOrigin a, TestOrigin b, RawClient client, TestOrigin.Exchange first)
            implements AutoCloseable {
        /** The origin stream the gateway opens next, on either origin (a resume). */
        TestOrigin.Exchange next() throws InterruptedException {
            return pollBoth(a, b);
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    @Test
    void anUpstreamKilledMidStreamIsResumedOnAnotherAndTheClientGetsEveryIdOnceInOrder() throws Exception {
        try (ResumingStream stream = resumingStream()) {
            RawClient client = stream.client();
            TestOrigin.Exchange first = stream.first();
            first.send("id: 1\ndata: one\n\nid: 2\ndata: two\n\nid: 3\ndata: thr");
            client.readUntil("data: two\n\n", WAIT);
            first.kill(); // mid-event: "thr" never completes
            TestOrigin.Exchange second = stream.next();
            assertEquals("2", second.header("Last-Event-ID"));
            // the new upstream repeats id 2 (already relayed) and goes on
            second.startEventStream().send("id: 2\ndata: two\n\nid: 3\ndata: three\n\nid: 4\ndata: four\n\n");
            String body = client.readUntil("data: four\n\n", WAIT);
            assertEquals(List.of("1", "2", "3", "4"), ids(body));
            assertEquals("id: 1\ndata: one\n\nid: 2\ndata: two\n\nid: 3\ndata: three\n\nid: 4\ndata: four\n\n", body);
        }
    }

    @Test
    void theIdOfAStreamsFirstEventAfterABomIsResumedFrom() throws Exception {
        try (ResumingStream stream = resumingStream()) {
            RawClient client = stream.client();
            TestOrigin.Exchange first = stream.first();
            first.send("\uFEFFid: 7\ndata: after a BOM\n\n");
            client.readUntil("data: after a BOM\n\n", WAIT);
            first.kill();
            assertEquals("7", stream.next().header("Last-Event-ID"), "the BOM is not part of the id line");
        }
    }

    @Test
    void aLargeEventReachesTheClientAsItArrivesAndItsIdIsResumedFrom() throws Exception {
        try (ResumingStream stream = resumingStream()) {
            RawClient client = stream.client();
            TestOrigin.Exchange first = stream.first();
            String start = "id: 1\ndata: one\n\nid: big\ndata: " + "x".repeat(300_000) + "<so far>";
            first.send(start);
            // the event is unfinished, yet its bytes so far are with the client
            assertEquals(start, client.readUntil("<so far>", WAIT));
            first.send(" and the rest\n\n");
            client.readUntil("the rest\n\n", WAIT);
            first.kill();
            assertEquals("big", stream.next().header("Last-Event-ID"), "the large event's id was kept");
        }
    }

    @Test
    void anUpstreamBrokenInsideALargeEventEndsTheClientsStreamInsteadOfResumingIt() throws Exception {
        try (ResumingStream stream = resumingStream()) {
            RawClient client = stream.client();
            TestOrigin.Exchange first = stream.first();
            String sent = "id: 1\ndata: one\n\nid: 2\ndata: " + "x".repeat(300_000) + "<so far>";
            first.send(sent);
            client.readUntil("<so far>", WAIT);
            first.kill();
            // another upstream's events after half an event would join it; the client reconnects from id 1 instead
            assertEquals(sent, client.readTextToEnd(WAIT));
            assertEquals(null, stream.a().poll(Duration.ofMillis(200)), "no resume was attempted");
            assertEquals(null, stream.b().poll(Duration.ofMillis(200)), "no resume was attempted");
        }
    }

    @Test
    void anUpstreamThatAcceptsAndHangsIsSkippedForTheNextOne() throws Exception {
        TestOrigin hanging = origin(); // accepts, reads the request, never answers
        CheckedOrigin healthy = new CheckedOrigin(200);
        GATEWAYS.closeAfter(healthy);
        Gateway gateway = start(route(resilience(2, false, 3, Duration.ofSeconds(10)), 500, hanging.url(),
                                      healthy.url()),
                                TestGateway.noLimits(), Duration.ofSeconds(1));
        for (int i = 0; i < 2; i++) { // whichever the balancer picks first, the stream ends up on the healthy one
            try (RawClient client = RawClient.get(gateway.port(), "/events")) {
                assertEquals(200, client.status());
                assertEquals("ok", client.readTextToEnd(WAIT));
            }
        }
        assertEquals(2, healthy.streams.get());
        assertTrue(hanging.poll(Duration.ZERO) != null, "the hanging upstream was never tried");
    }

    @Test
    void withAllUpstreamsDownTheRouteAnswersAtOnceAfterTheyAreEjected() throws Exception {
        String down1 = "http://127.0.0.1:" + freePort();
        String down2 = "http://127.0.0.1:" + freePort();
        Gateway gateway = start(route(resilience(1, false, 1, Duration.ofSeconds(30)), 5000, down1, down2),
                                TestGateway.noLimits(), Duration.ofSeconds(1));
        try (RawClient client = RawClient.get(gateway.port(), "/events")) {
            assertEquals(502, client.status());
            assertTrue(client.readTextToEnd(WAIT).contains("upstream_unreachable"));
        }
        try (RawClient client = RawClient.get(gateway.port(), "/events")) {
            assertEquals(502, client.status());
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.contains("\"error\":\"no_usable_upstream\""), body);
        }
    }

    @Test
    void anEjectedUpstreamGetsNoStreamsUntilItsCooldownThenATrial() throws Exception {
        CheckedOrigin bad = new CheckedOrigin(200);
        CheckedOrigin good = new CheckedOrigin(200);
        GATEWAYS.closeAfter(bad);
        GATEWAYS.closeAfter(good);
        bad.eventsStatus.set(500);
        Gateway gateway = start(route(resilience(1, false, 1, Duration.ofMillis(700)), 5000, bad.url(), good.url()),
                                TestGateway.noLimits(), Duration.ofSeconds(1));
        for (int i = 0; i < 6; i++) {
            try (RawClient client = RawClient.get(gateway.port(), "/events")) {
                assertEquals(200, client.status(), "the 500 was not failed over");
                client.readToEnd(WAIT);
            }
        }
        assertEquals(1, bad.streams.get(), "an ejected upstream got streams");
        bad.eventsStatus.set(200);
        // streams go to the good upstream until the cooldown passes and the ejected one gets its trial stream
        long deadline = System.nanoTime() + WAIT.toNanos();
        int during = 0;
        while (bad.streams.get() < 2) {
            assertTrue(System.nanoTime() < deadline, "no trial stream reached the ejected upstream within " + WAIT
                    + " of its 700 ms cooldown (" + during + " streams went elsewhere)");
            try (RawClient client = RawClient.get(gateway.port(), "/events")) {
                assertEquals(200, client.status());
                client.readToEnd(WAIT);
            }
            during++;
        }
        for (int i = 0; i < 6; i++) {
            try (RawClient client = RawClient.get(gateway.port(), "/events")) {
                assertEquals(200, client.status());
                client.readToEnd(WAIT);
            }
        }
        assertTrue(bad.streams.get() > 2, "the recovered upstream got " + bad.streams.get() + " streams in all");
    }

    @Test
    void anUpstreamFailingItsActiveHealthCheckGetsNoStreamsUntilItPassesAgain() throws Exception {
        CheckedOrigin a = new CheckedOrigin(500);
        CheckedOrigin b = new CheckedOrigin(200);
        GATEWAYS.closeAfter(a);
        GATEWAYS.closeAfter(b);
        ResilienceSettings withChecks = new ResilienceSettings(
                0, TestGateway.noResume().resume(),
                new ResilienceSettings.PassiveHealth(3, Duration.ofSeconds(10), Duration.ofSeconds(10)),
                Optional.of(new ResilienceSettings.HealthCheck("/health", Duration.ofMillis(100),
                                                               Duration.ofSeconds(1))));
        Gateway gateway = start(route(withChecks, 5000, a.url(), b.url()), TestGateway.noLimits(),
                                Duration.ofSeconds(1));
        a.awaitChecks(a.checks.get() + 2);
        for (int i = 0; i < 6; i++) {
            try (RawClient client = RawClient.get(gateway.port(), "/events")) {
                assertEquals(200, client.status());
                client.readToEnd(WAIT);
            }
        }
        assertEquals(0, a.streams.get(), "a stream went to the upstream failing its health check");
        assertEquals(6, b.streams.get());

        a.health.set(200);
        a.awaitChecks(a.checks.get() + 2);
        for (int i = 0; i < 6; i++) {
            try (RawClient client = RawClient.get(gateway.port(), "/events")) {
                assertEquals(200, client.status());
                client.readToEnd(WAIT);
            }
        }
        assertTrue(a.streams.get() > 0, "the upstream got no stream after passing its health check again");
    }

    /** An origin answering GET /health with a status the test sets and GET /events with a short body. */
    private static final class CheckedOrigin implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger health;
        final java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger streams = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger eventsStatus = new java.util.concurrent.atomic.AtomicInteger(200);
        private final com.sun.net.httpserver.HttpServer server;

        CheckedOrigin(int healthStatus) throws IOException {
            health = new java.util.concurrent.atomic.AtomicInteger(healthStatus);
            server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/health", ex -> {
                ex.sendResponseHeaders(health.get(), -1);
                ex.close();
                checks.incrementAndGet();
            });
            server.createContext("/events", ex -> {
                streams.incrementAndGet();
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(eventsStatus.get(), body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void awaitChecks(int count) throws InterruptedException {
            Await.until(WAIT, () -> checks.get() >= count, "health checks did not run");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void overTheClientLimitAnswers429WithRetryAfterAndTheRetryAnswerForEventSource() throws Exception {
        TestOrigin o = origin();
        Gateway gateway = start(route(TestGateway.noResume(), 5000, o.url()),
                                new LimitsSettings(0, 0, 1, Duration.ofSeconds(7)), Duration.ofSeconds(1));
        try (RawClient first = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            o.next().startEventStream().send("data: a\n\n");
            first.readUntil("data: a\n\n", WAIT);
            try (RawClient second = RawClient.get(gateway.port(), "/events")) {
                assertEquals(429, second.status());
                assertEquals("7", second.header("Retry-After"));
                assertTrue(second.readTextToEnd(WAIT)
                                   .contains("\"error\":\"client_stream_limit\""));
            }
        }
        // the gateway notices the first client left and gives its place back
        Await.until(WAIT, () -> gateway.openStreams() == 0, "the first client's stream still open");
        try (RawClient again = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            o.next().startEventStream().send("data: b\n\n");
            again.readUntil("data: b\n\n", WAIT); // the place was given back
        }
    }

    @Test
    void overTheRouteLimitAnswers429AndOverTheGatewayLimit503() throws Exception {
        TestOrigin o = origin();
        RouteSettings retryRoute = TestGateway.route("events", "/events", o.url()); // on-upstream-error = retry
        Gateway perRoute = start(retryRoute, new LimitsSettings(0, 1, 0, Duration.ofSeconds(5)), Duration.ofSeconds(1));
        Gateway global = start(retryRoute,
                               new LimitsSettings(1, 0, 0, Duration.ofSeconds(5)), Duration.ofSeconds(1));
        for (var check : List.of(Map.entry(perRoute, 429), Map.entry(global, 503))) {
            try (RawClient first = RawClient.get(check.getKey().port(), "/events", "Accept: text/event-stream")) {
                o.next().startEventStream().send("data: a\n\n");
                first.readUntil("data: a\n\n", WAIT);
                try (RawClient second = RawClient.get(check.getKey().port(), "/events")) {
                    assertEquals(check.getValue(), second.status());
                    assertTrue(second.header("Retry-After") != null);
                }
                try (RawClient eventSource = RawClient.get(check.getKey().port(), "/events",
                                                           "Accept: text/event-stream")) {
                    assertEquals(200, eventSource.status());
                    assertTrue(eventSource.readTextToEnd(WAIT).startsWith("retry: "));
                }
            }
        }
    }

    @Test
    void drainSendsRetryAndSpreadsClosesOverTheWindow() throws Exception {
        TestOrigin o = origin();
        Gateway gateway = start(route(TestGateway.noResume(), 5000, o.url()), TestGateway.noLimits(),
                                Duration.ofMillis(1500));
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RawClient c = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream");
            GATEWAYS.closeAfter(c);
            o.next().startEventStream().send("data: hi\n\n");
            c.readUntil("data: hi\n\n", WAIT);
            clients.add(c);
        }
        long start = System.nanoTime();
        Thread stopper = Thread.ofVirtual().start(gateway::close);
        List<Long> closedAt = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> readers = new ArrayList<>();
        for (RawClient c : clients) {
            readers.add(Thread.ofVirtual().start(() -> {
                try {
                    bodies.add(c.readTextToEnd(Duration.ofSeconds(10)));
                    closedAt.add((System.nanoTime() - start) / 1_000_000);
                } catch (IOException e) {
                    bodies.add("failed: " + e);
                }
            }));
        }
        for (Thread r : readers) {
            r.join(15_000);
        }
        assertEquals(8, bodies.size());
        assertTrue(bodies.stream().allMatch(b -> b.endsWith("data: hi\n\nretry: 3000\n\n")), bodies.toString());
        stopper.join(10_000);
        long spread = closedAt.stream().mapToLong(Long::longValue).max().orElseThrow()
                - closedAt.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(spread > 300, "closes were not spread over the window: " + closedAt);
        assertTrue(closedAt.stream().allMatch(t -> t < 1500 + 1000), "closes outside the window: " + closedAt);
        assertEquals(0, gateway.openStreams());
    }

    private static TestOrigin.Exchange pollBoth(TestOrigin a, TestOrigin b) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (TestOrigin o : List.of(a, b)) {
                TestOrigin.Exchange e = o.poll(Duration.ofMillis(20));
                if (e != null) {
                    return e;
                }
            }
        }
        throw new AssertionError("no upstream got the request");
    }

    private static List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^id: (.*)$").matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
