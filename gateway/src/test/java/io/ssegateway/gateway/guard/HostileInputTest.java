package io.ssegateway.gateway.guard;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.EdgeSettings;
import io.ssegateway.gateway.config.RequestHeadSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import io.ssegateway.spi.auth.AuthDecision;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input, each with a clear status and nothing else affected: a public route {@code /events} and a route
 * {@code /admin} behind an auth plugin that refuses everyone, each with its own origin, so any request that slips
 * from one route to the other, or past the auth, shows up at an origin.
 */
@Timeout(60)
class HostileInputTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    private TestOrigin events;
    private TestOrigin admin;
    private Gateway gateway;

    @BeforeEach
    void start() throws IOException {
        events = GATEWAYS.closeAfter(new TestOrigin());
        admin = GATEWAYS.closeAfter(new TestOrigin());
        RouteSettings small = new RouteSettings("small", "/small", List.of(java.net.URI.create(events.url())), false,
                                                Duration.ofSeconds(15), io.ssegateway.gateway.config.OnUpstreamError.RETRY,
                                                TestGateway.route("x", "/x", events.url()).timeouts(), 1024,
                                                Optional.empty(), Optional.empty(), List.of(), List.of());
        RouteSettings smallTransform = new RouteSettings("small-t", "/small-t", small.upstreams(), false,
                                                         small.heartbeat(), small.onUpstreamError(), small.timeouts(),
                                                         1024, Optional.empty(), Optional.empty(), List.of(), List.of());
        RouteSettings transform = TestGateway.route("upper", "/upper", events.url());
        EdgeSettings edge = new EdgeSettings(Optional.empty(), true, false, EdgeSettings.DEFAULT.securityHeaders(),
                                             new RequestHeadSettings(2048, 4096, HEAD_TIMEOUT));
        gateway = GATEWAYS.start(edge, List.of(TestGateway.route("events", "/events", events.url()),
                                               TestGateway.route("admin", "/admin", admin.url()), small,
                                               smallTransform, transform),
                                 Map.of("admin", TestGateway.auth(request -> AuthDecision.deny(403, "no", Map.of())),
                                        "small-t", TestGateway.transforms((event, stream) -> List.of(event)),
                                        "upper", TestGateway.transforms(
                                                (event, stream) -> List.of(event.withData(event.data().toUpperCase())))));
    }

    private void assertNoOriginReached() throws InterruptedException {
        assertNull(events.poll(Duration.ofMillis(100)), "a request reached the events origin");
        assertNull(admin.poll(Duration.ofMillis(100)), "a request reached the admin origin");
    }

    private void assertStillServes() throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/events/ok", "Accept: text/event-stream")) {
            events.next().startEventStream().send("data: still here\n\n");
            client.readUntil("data: still here\n\n", WAIT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/events/../admin", "/events/%2e%2e/admin", "/events/%2E%2e/admin", "/events/.%2e/admin",
                            "/events/%252e%252e/admin", "/events/%2e%2e%2fadmin", "/events%2F..%2Fadmin",
                            "//admin", "/events//admin", "/events/..%5Cadmin", "/admin/./x", "/events/%00"})
    void aPathTrickIsRefusedWith400AndReachesNoRoute(String target) throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), target, "Accept: text/event-stream")) {
            assertEquals(400, client.status(), target);
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.startsWith("{\"error\":\"bad_"), body);
        }
        assertNoOriginReached();
    }

    @Test
    void anEncodedButUnambiguousPathReachesItsRouteWithItsRawForm() throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/%65vents/a%20b", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = events.next();
            assertEquals("/events/a%20b", up.target, "Helidon decodes unreserved characters in the raw path");
            up.startEventStream().send("data: x\n\n");
            client.readUntil("data: x\n\n", WAIT);
        }
        try (RawClient client = RawClient.get(gateway.port(), "/%61dmin", "Accept: text/event-stream")) {
            assertEquals(403, client.status(), "an encoded path to /admin still meets its auth");
        }
        assertNoOriginReached();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Last-Event-ID: 1\rX-Injected: yes", "Last-Event-ID: 1\nX-Injected: yes",
                            "Last-Event-ID: 1\r\n X-Injected: yes", "X-Custom: a\u0000b"})
    void aHeaderValueWithALineBreakIsRefusedAndNeverForwarded(String header) throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream", header)) {
            assertEquals(400, client.status());
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.startsWith("{\"error\":\"bad_"), body);
        }
        assertNoOriginReached();
        assertStillServes();
    }

    @Test
    void anOversizedRequestLineOrHeaderSectionIsAnswered431WithJson() throws Exception {
        String[][] requests = {{"/events/" + "a".repeat(3000)}, {"/events", "X-Big: " + "b".repeat(5000)},
                               {"/events", "X-1: " + "c".repeat(2000), "X-2: " + "d".repeat(2000),
                                "X-3: " + "e".repeat(2000)}};
        for (String[] request : requests) {
            String[] headers = java.util.Arrays.copyOfRange(request, 1, request.length);
            try (RawClient client = RawClient.get(gateway.port(), request[0], headers)) {
                assertEquals(431, client.status(), request[0].length() + " " + new String(client.readToEnd(WAIT)));
                assertEquals("application/json", client.header("Content-Type"));
                assertEquals("nosniff", client.header("X-Content-Type-Options"));
                String body = client.readTextToEnd(WAIT);
                assertTrue(body.startsWith("{\"error\":\"request_head_too_large\""), body);
            }
        }
        assertNoOriginReached();
        assertStillServes();
    }

    @Test
    void aSlowlorisSendingHeadersByteByByteIsCutAfterTheHeadTimeoutWhileAStreamGoesOn() throws Exception {
        RawClient stream = RawClient.get(gateway.port(), "/events/live", "Accept: text/event-stream");
        TestOrigin.Exchange up = events.next();
        up.startEventStream().send("data: 1\n\n");
        stream.readUntil("data: 1\n\n", WAIT);
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            slow.setSoTimeout(10_000);
            OutputStream out = slow.getOutputStream();
            byte[] head = ("GET /events HTTP/1.1\r\nHost: x\r\nX-Slow: " + "z".repeat(200) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            long started = System.nanoTime();
            boolean cut = false;
            for (byte b : head) {
                try {
                    out.write(b);
                    out.flush();
                } catch (SocketException e) {
                    cut = true;
                    break;
                }
                if (slow.getInputStream().available() > 0) {
                    cut = true;
                    break;
                }
                Thread.sleep(25); // the slowloris's own pace: 40 bytes a second
            }
            assertTrue(cut, "the slow head was never cut");
            String answer = new String(readAll(slow.getInputStream()), StandardCharsets.ISO_8859_1);
            long took = (System.nanoTime() - started) / 1_000_000;
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(took < 3 * HEAD_TIMEOUT.toMillis() + 1000, "cut after " + took + " ms");
        }
        up.send("data: 2\n\n");
        assertEquals("data: 1\n\ndata: 2\n\n", stream.readUntil("data: 2\n\n", WAIT), "the live stream went on");
        stream.close();
        assertNoOriginReached();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHeadTimeout() throws Exception {
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            idle.setSoTimeout(10_000);
            long started = System.nanoTime();
            assertEquals(-1, idle.getInputStream().read(), "closed without an answer");
            long took = (System.nanoTime() - started) / 1_000_000;
            assertTrue(took >= HEAD_TIMEOUT.toMillis() - 100 && took < 3 * HEAD_TIMEOUT.toMillis() + 1000,
                       "closed after " + took + " ms");
        }
    }

    @Test
    void anEndlessLineFromTheUpstreamIsCutAtMaxEventSizeOnPassthroughAndTransformRoutes() throws Exception {
        for (String path : new String[] {"/small", "/small-t"}) {
            try (RawClient client = RawClient.get(gateway.port(), path, "Accept: text/event-stream")) {
                TestOrigin.Exchange up = events.next();
                up.startEventStream().send("data: fine\n\n");
                client.readUntil("data: fine\n\n", WAIT);
                String chunk = "x".repeat(300);
                try {
                    for (int i = 0; i < 5 && !up.awaitClosed(Duration.ofMillis(1)); i++) {
                        up.send(chunk);
                    }
                } catch (SocketException reset) {
                    // the gateway reset the upstream (SocketReset) between the check and this send: what is tested
                }
                assertTrue(up.awaitClosed(WAIT), path + ": the upstream was not closed");
                byte[] all = client.readToEnd(WAIT);
                assertTrue(all.length < 1024 + 64, path + ": " + all.length + " bytes reached the client");
            }
        }
        assertStillServes();
    }

    @Test
    void invalidUtf8OnATransformRouteDoesNotEndTheStream() throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/upper", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = events.next();
            up.startEventStream();
            up.send(new byte[] {'d', 'a', 't', 'a', ':', ' ', 'a', (byte) 0xff, (byte) 0xc3, '(', '\n', '\n'});
            up.send("data: next\n\n");
            String body = client.readUntil("data: NEXT\n\n", WAIT);
            assertTrue(body.startsWith("data: A\uFFFD\uFFFD(\n\n"), body);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketException reset) {
            return new byte[0];
        }
    }
}
