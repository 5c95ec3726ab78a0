package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.monitor.StreamMonitor;
import io.ssegateway.spi.transform.EventTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plugin that throws, of each kind, over real HTTP: only its own request, stream or event is harmed. */
@Timeout(30)
class PluginFailureIsolationTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Balancer FIRST = (usable, request) -> usable.get(0);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    private Gateway gateway;

    @Test
    void authThatThrowsAnswers500WithoutReachingTheOriginWhileAnotherRouteKeepsStreaming() throws Exception {
        TestOrigin openOrigin = origin();
        TestOrigin lockedOrigin = origin();
        Authenticator broken = request -> {
            throw new IOException("token store unreachable at 10.1.2.3");
        };
        RecordingMonitor heard = new RecordingMonitor();
        gateway = GATEWAYS.start(List.of(TestGateway.route("open", "/open", openOrigin.url()),
                                         TestGateway.route("locked", "/locked", lockedOrigin.url())),
                                 Map.of("locked", plugins(Optional.of(broken), FIRST, List.of(), heard)));
        try (RawClient stream = RawClient.get(gateway.port(), "/open", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = openOrigin.next().startEventStream().send("data: before\n\n");
            stream.readUntil("data: before\n\n", WAIT);

            try (RawClient refused = RawClient.get(gateway.port(), "/locked", "Accept: text/event-stream")) {
                assertEquals(500, refused.status());
                String body = refused.readTextToEnd(WAIT);
                assertTrue(body.contains("\"error\":\"auth_error\""), body);
                assertFalse(body.contains("10.1.2.3"), "the plugin's exception leaked to the client: " + body);
            }
            assertNull(lockedOrigin.poll(Duration.ZERO), "a request whose auth threw reached the origin");
            assertEquals(List.of("rejected 500 auth_error"), heard.calls());

            up.send("data: after\n\n");
            assertEquals("data: before\n\ndata: after\n\n", stream.readUntil("data: after\n\n", WAIT));
        }
    }

    @Test
    void balancerWhosePickThrowsAnswers502JsonAndTheGatewayKeepsServing() throws Exception {
        TestOrigin origin = origin();
        Balancer brokenForSome = (usable, request) -> {
            if (request.header("X-Break").isPresent()) {
                throw new IllegalStateException("ring is empty");
            }
            return usable.get(0);
        };
        RecordingMonitor heard = new RecordingMonitor();
        gateway = GATEWAYS.start(List.of(TestGateway.route("events", "/events", origin.url())),
                                 Map.of("events", plugins(Optional.empty(), brokenForSome, List.of(), heard)));
        try (RawClient before = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = origin.next().startEventStream().send("data: 1\n\n");
            before.readUntil("data: 1\n\n", WAIT);

            try (RawClient broken = RawClient.get(gateway.port(), "/events", "X-Break: yes")) {
                assertEquals(502, broken.status());
                assertTrue(broken.header("Content-Type").startsWith("application/json"));
                String body = broken.readTextToEnd(WAIT);
                assertTrue(body.contains("\"error\":\"balancer_error\"") && body.contains("\"route\":\"events\""),
                           body);
                assertFalse(body.contains("ring is empty") || body.contains("Exception"),
                            "the plugin's exception leaked to the client: " + body);
            }
            assertNull(origin.poll(Duration.ZERO), "a request without an upstream reached the origin");
            assertTrue(heard.calls().containsAll(List.of("error balancer", "rejected 502 balancer_error")),
                       "monitors heard: " + heard.calls());

            up.send("data: 2\n\n");
            before.readUntil("data: 2\n\n", WAIT);
            try (RawClient after = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
                origin.next().startEventStream().send("data: new\n\n");
                assertEquals(200, after.status());
                after.readUntil("data: new\n\n", WAIT);
            }
        }
    }

    @Test
    void balancerWhoseStreamHooksThrowStillRelaysTheStream() throws Exception {
        TestOrigin origin = origin();
        Balancer brokenHooks = new Balancer() {
            @Override
            public URI pick(List<URI> usable, RequestView request) {
                return usable.get(0);
            }

            @Override
            public void streamOpened(URI upstream) {
                throw new IllegalStateException("opened");
            }

            @Override
            public void streamClosed(URI upstream) {
                throw new IllegalStateException("closed");
            }
        };
        gateway = GATEWAYS.start(List.of(TestGateway.route("events", "/events", origin.url())),
                                 Map.of("events", plugins(Optional.empty(), brokenHooks, List.of(),
                                                          new RecordingMonitor())));
        for (int i = 0; i < 2; i++) {
            try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
                origin.next().startEventStream().send("data: a\n\n").send("data: b\n\n").end();
                assertEquals(200, client.status());
                assertEquals("data: a\n\ndata: b\n\n", client.readTextToEnd(WAIT));
            }
        }
        Await.until(WAIT, () -> gateway.openStreams() == 0, "the stream closed");
    }

    @Test
    void transformThatThrowsOnOneEventDropsOnlyThatEvent() throws Exception {
        TestOrigin origin = origin();
        EventTransform poisoned = (event, stream) -> {
            if (event.data().equals("poison")) {
                throw new IllegalArgumentException("cannot handle " + event.data());
            }
            return List.of(event);
        };
        RecordingMonitor heard = new RecordingMonitor();
        gateway = GATEWAYS.start(List.of(TestGateway.route("events", "/events", origin.url())),
                                 Map.of("events", plugins(Optional.empty(), FIRST, List.of(poisoned), heard)));
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = origin.next().startEventStream();
            up.send("id: 1\ndata: one\n\n");
            client.readUntil("data: one\n\n", WAIT);
            up.send("id: 2\ndata: poison\n\n");
            up.send("id: 3\ndata: three\n\n");
            up.send("id: 4\ndata: poison\n\nid: 5\ndata: five\n\n");
            assertEquals("id: 1\ndata: one\n\nid: 3\ndata: three\n\nid: 5\ndata: five\n\n",
                         client.readUntil("data: five\n\n", WAIT));
        }
        assertEquals(2, heard.calls().stream().filter("error transform"::equals).count(),
                     "monitors heard: " + heard.calls());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Failure.class)
    void monitorThatThrowsInEveryHookLeavesStreamsFlowingAndIsCounted(Failure failure) throws Exception {
        TestOrigin origin = origin();
        int closedPort = RelayTest.freePort();
        StreamMonitor broken = new ThrowingMonitor(failure);
        RoutePlugins withBroken = plugins(Optional.empty(), FIRST, List.of(), broken);
        gateway = GATEWAYS.start(List.of(TestGateway.route("events", "/events", origin.url()),
                                         TestGateway.route("down", "/down", "http://127.0.0.1:" + closedPort)),
                                 Map.of("events", withBroken, "down", withBroken));
        long failuresBefore = Monitors.failures();
        for (int i = 0; i < 2; i++) {
            try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
                TestOrigin.Exchange up = origin.next().startEventStream();
                for (int n = 1; n <= 3; n++) {
                    up.send("data: " + n + "\n\n");
                    client.readUntil("data: " + n + "\n\n", WAIT);
                }
                up.end();
                assertEquals("data: 1\n\ndata: 2\n\ndata: 3\n\n",
                             client.readTextToEnd(WAIT));
            }
        }
        try (RawClient refused = RawClient.get(gateway.port(), "/down")) {
            assertEquals(502, refused.status());
            String body = refused.readTextToEnd(WAIT);
            assertTrue(body.contains("\"error\":\"upstream_unreachable\""), body);
        }
        // per stream: opened, 3 events, closed; the refused request: error and rejected
        long expected = 2 * (1 + 3 + 1) + 2;
        Await.until(WAIT, () -> Monitors.failures() - failuresBefore >= expected, "the monitor failures counted");
    }

    private TestOrigin origin() throws IOException {
        return GATEWAYS.closeAfter(new TestOrigin());
    }

    private static RoutePlugins plugins(Optional<Authenticator> auth, Balancer balancer,
                                        List<EventTransform> transforms, StreamMonitor monitor) {
        return new RoutePlugins(auth, balancer, transforms, new Monitors(List.of(monitor), List.of("test-monitor")),
                                "test plugins");
    }

    /** How a plugin fails: an unchecked exception, or a checked one thrown without being declared (as Kotlin can). */
    enum Failure {
        UNCHECKED {
            @Override
            RuntimeException raise(String hook) {
                throw new IllegalStateException("monitor broke in " + hook);
            }
        },
        UNDECLARED_CHECKED {
            @Override
            RuntimeException raise(String hook) {
                throw Failure.<RuntimeException>sneaky(new IOException("monitor broke in " + hook));
            }
        };

        abstract RuntimeException raise(String hook);

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E sneaky(Throwable t) throws E {
            throw (E) t;
        }
    }

    /** A monitor that throws from every hook. */
    private record ThrowingMonitor(Failure failure) implements StreamMonitor {
        @Override
        public void streamOpened(StreamInfo stream) {
            throw failure.raise("streamOpened");
        }

        @Override
        public void eventRelayed(StreamInfo stream, int bytes, long gatewayNanos) {
            throw failure.raise("eventRelayed");
        }

        @Override
        public void streamClosed(StreamInfo stream, CloseReason reason) {
            throw failure.raise("streamClosed");
        }

        @Override
        public void error(StreamInfo stream, String kind, Throwable error) {
            throw failure.raise("error");
        }

        @Override
        public void requestRejected(RequestView request, int status, String reason) {
            throw failure.raise("requestRejected");
        }

        @Override
        public void resumed(StreamInfo stream, boolean success) {
            throw failure.raise("resumed");
        }
    }

    /** A monitor that notes errors and rejections, as "error kind" and "rejected status reason". */
    private static final class RecordingMonitor implements StreamMonitor {
        private final List<String> calls = new CopyOnWriteArrayList<>();

        List<String> calls() {
            return List.copyOf(calls);
        }

        @Override
        public void error(StreamInfo stream, String kind, Throwable error) {
            calls.add("error " + kind);
        }

        @Override
        public void requestRejected(RequestView request, int status, String reason) {
            calls.add("rejected " + status + " " + reason);
        }
    }
}
