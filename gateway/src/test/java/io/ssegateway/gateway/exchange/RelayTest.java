package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.OnUpstreamError;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
public class RelayTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    private TestOrigin origin;
    private Gateway gateway;

    private void startDefault() throws IOException {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        gateway = GATEWAYS.start(TestGateway.route("events", "/events", origin.url()));
    }

    /** Starts an origin and a gateway whose route retries on upstream errors, with this heartbeat and timeouts. */
    private void startRetrying(Duration heartbeat, Timeouts timeouts) throws IOException {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        gateway = GATEWAYS.start(TestGateway.route("events", "/events", heartbeat, OnUpstreamError.RETRY, timeouts,
                                                   origin.url()));
    }

    @Test
    void eventReachesClientWhileOriginHoldsTheStreamOpen() throws Exception {
        startDefault();
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = origin.next();
            up.startEventStream().send("id: 1\ndata: first\n\n");
            assertEquals(200, client.status());
            client.readUntil("data: first\n\n", WAIT);
            up.send("id: 2\ndata: second\n\n");
            assertEquals("id: 1\ndata: first\n\nid: 2\ndata: second\n\n", client.readUntil("second\n\n", WAIT));
        }
    }

    @Test
    void responseHeadReachesTheClientBeforeTheUpstreamsFirstEvent() throws Exception {
        startDefault();
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = origin.next();
            up.startEventStream(); // the upstream's head only: its first event is not sent yet
            assertEquals(200, assertTimeoutPreemptively(WAIT, client::status),
                         "the head came only with the first event");
            assertEquals("text/event-stream", client.header("Content-Type"));
            assertEquals("", client.bodySoFar(), "no bytes the upstream did not send");
            up.send("data: later\n\n");
            assertEquals("data: later\n\n", client.readUntil("later\n\n", WAIT));
        }
    }

    @Test
    void eventStreamResponseHeadersAreFilteredAndCompleted() throws Exception {
        startDefault();
        try (RawClient client = RawClient.get(gateway.port(), "/events/b%20c?a=1&b=%20x&c=%26",
                                              "Accept: text/event-stream", "Last-Event-ID: 41",
                                              "Connection: keep-alive, X-Secret-Hop", "X-Secret-Hop: no",
                                              "Keep-Alive: timeout=5", "X-Forwarded-For: 10.0.0.9",
                                              "X-Custom: yes")) {
            TestOrigin.Exchange up = origin.next();
            assertEquals("/events/b%20c?a=1&b=%20x&c=%26", up.target);
            assertEquals("41", up.header("Last-Event-ID"));
            assertEquals("yes", up.header("X-Custom"));
            assertNull(up.header("X-Secret-Hop"));
            assertNull(up.header("Keep-Alive"));
            assertEquals("127.0.0.1:" + origin.port(), up.header("Host"));
            assertEquals("10.0.0.9, 127.0.0.1", up.header("X-Forwarded-For"));
            assertEquals("http", up.header("X-Forwarded-Proto"));
            assertEquals("localhost:" + gateway.port(), up.header("X-Forwarded-Host"));
            up.startEventStream("X-Origin: o", "Keep-Alive: timeout=5", "Connection: X-Hop", "X-Hop: 1").send("data: x\n\n");
            client.readUntil("data: x\n\n", WAIT);
            assertEquals("o", client.header("X-Origin"));
            assertEquals("no-cache", client.header("Cache-Control"));
            assertEquals("no", client.header("X-Accel-Buffering"));
            assertNull(client.header("Keep-Alive"));
            assertNull(client.header("X-Hop"));
            assertNull(client.header("Content-Encoding"));
        }
    }

    @Test
    void clientDisconnectClosesTheSilentUpstreamWithinOneSecond() throws Exception {
        startDefault();
        RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream");
        TestOrigin.Exchange up = origin.next();
        up.startEventStream().send("data: hello\n\n");
        client.readUntil("hello\n\n", WAIT);
        client.close();
        assertTrue(up.awaitClosed(Duration.ofSeconds(1)), "upstream still open 1 s after the client left");
        Await.until(WAIT, () -> gateway.openStreams() == 0, "the stream closed");
    }

    @Test
    void upstreamEndEndsTheClientResponse() throws Exception {
        startDefault();
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            origin.next().startEventStream().send("data: last\n\n").end();
            assertEquals("data: last\n\n", client.readTextToEnd(WAIT));
        }
    }

    @Test
    void unknownPathAnswers404WithJson() throws Exception {
        startDefault();
        try (RawClient client = RawClient.get(gateway.port(), "/eventsx")) {
            assertEquals(404, client.status());
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.contains("\"error\":\"no_route\""), body);
        }
    }

    @Test
    void refusedUpstreamAnswers502JsonToPlainClients() throws Exception {
        int closedPort = freePort();
        gateway = GATEWAYS.start(TestGateway.route("events", "/events", "http://127.0.0.1:" + closedPort));
        try (RawClient client = RawClient.get(gateway.port(), "/events")) {
            assertEquals(502, client.status());
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.contains("\"error\":\"upstream_unreachable\"") && body.contains("\"route\":\"events\""),
                       body);
        }
    }

    @Test
    void refusedUpstreamAnswersEventSourceClientsWithRetry() throws Exception {
        int closedPort = freePort();
        gateway = GATEWAYS.start(TestGateway.route("events", "/events", "http://127.0.0.1:" + closedPort));
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            assertEquals(200, client.status());
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"));
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.startsWith("retry: 3000\n: upstream_unreachable: "), body);
            assertTrue(body.endsWith("\n\n"), body);
        }
    }

    @Test
    void statusModeGivesEventSourceClientsThePlainCode() throws Exception {
        int closedPort = freePort();
        gateway = GATEWAYS.start(TestGateway.route("events", "/events", Duration.ofSeconds(15),
                                                   OnUpstreamError.STATUS, timeouts(5000, 60_000),
                                                   "http://127.0.0.1:" + closedPort));
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            assertEquals(502, client.status());
        }
    }

    @Test
    void upstreamWithoutHeadersInTimeAnswers504() throws Exception {
        startRetrying(Duration.ofSeconds(15), timeouts(300, 60_000));
        long start = System.nanoTime();
        try (RawClient client = RawClient.get(gateway.port(), "/events")) {
            TestOrigin.Exchange up = origin.next(); // accepted, never answered
            assertEquals(504, client.status());
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.contains("\"error\":\"upstream_timeout\""), body);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 3000);
            assertTrue(up.awaitClosed(Duration.ofSeconds(2)), "the hung upstream connection was left open");
        }
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            origin.next();
            assertEquals(200, client.status());
            assertTrue(client.readTextToEnd(WAIT)
                               .startsWith("retry: 3000\n: upstream_timeout: "));
        }
    }

    @Test
    void upstreamErrorStatusIsRelayedUnchanged() throws Exception {
        startDefault();
        try (RawClient client = RawClient.get(gateway.port(), "/events/x", "Accept: text/event-stream")) {
            origin.next().respond(503, "Busy", "application/json", "{\"busy\":true}");
            assertEquals(503, client.status());
            assertEquals("{\"busy\":true}", client.readTextToEnd(WAIT));
        }
    }

    @Test
    void heartbeatCommentFollowsUpstreamSilenceBetweenEvents() throws Exception {
        startRetrying(Duration.ofMillis(300), timeouts(5000, 60_000));
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = origin.next();
            up.startEventStream().send("data: a\n\n");
            assertEquals("data: a\n\n:\n\n", client.readUntil(":\n\n", WAIT));
            // an unfinished event waits at the gateway, so the heartbeat still goes between whole events
            up.send("data: b");
            assertEquals("data: a\n\n:\n\n:\n\n", client.readUntil(":\n\n:\n\n", WAIT));
            up.send("\n\n");
            assertTrue(client.readUntil("data: b\n\n", WAIT).endsWith(":\n\ndata: b\n\n"));
        }
    }

    @Test
    void heartbeatInsideALargeUnfinishedEventIsACommentLineThatLeavesTheEventWhole() throws Exception {
        startRetrying(Duration.ofMillis(300), timeouts(5000, 60_000));
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = origin.next();
            String firstLine = "data: " + "x".repeat(300_000) + "\n";
            up.startEventStream().send(firstLine); // past the cut-through size: already with the client
            // a blank line here would end the event early; a comment line is part of it
            assertEquals(firstLine + ":\n", client.readUntil("\n:\n", WAIT));
            up.send("data: end\n\n");
            String body = client.readUntil("data: end\n\n", WAIT);
            assertTrue(body.matches("data: x+\n(:\n)+data: end\n\n"), body.substring(300_000).replace("\n", "\\n"));
        }
    }

    @Test
    void anEventStreamsChunksAreFramedByTheGatewayOnARealConnection() throws Exception {
        startDefault();
        try (java.net.Socket client = new java.net.Socket("127.0.0.1", gateway.port())) {
            client.setSoTimeout((int) WAIT.toMillis());
            client.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
                                                   .getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = new java.io.BufferedInputStream(client.getInputStream());
            origin.next().startEventStream().send("data: " + "x".repeat(100_000) + "\n\n"); // one write upstream
            String line;
            do {
                line = asciiLine(in);
            } while (!line.isEmpty()); // the response head
            // Helidon's own stream sends the event as one chunk of 186a8 (100,008) bytes
            assertEquals(Integer.toHexString(ClientChunkedWriter.MAX_CHUNK), asciiLine(in),
                         "the gateway's chunk writer (at most 64 KiB per chunk) is not in use");
        }
    }

    private static String asciiLine(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed mid-line: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Test
    void postBodyStreamsToTheUpstreamAndBack() throws Exception {
        startDefault();
        try (RawClient client = RawClient.request(gateway.port(), "POST", "/events/submit", "{\"x\":1}",
                                                  "Content-Type: application/json")) {
            TestOrigin.Exchange up = origin.next();
            assertEquals("POST", up.method);
            assertEquals("{\"x\":1}", new String(up.body, StandardCharsets.UTF_8));
            up.respond(201, "Created", "application/json", "{\"ok\":true}");
            assertEquals(201, client.status());
            assertEquals("{\"ok\":true}", client.readTextToEnd(WAIT));
        }
    }

    @Test
    void clientThatStopsReadingIsCutAndDoesNotDelayOthers() throws Exception {
        startRetrying(Duration.ofSeconds(15), timeouts(5000, 1000));
        RawClient stalled = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream");
        TestOrigin.Exchange stalledUp = origin.next();
        stalledUp.startEventStream();
        try (RawClient healthy = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange healthyUp = origin.next();
            healthyUp.startEventStream();
            byte[] big = ("data: " + "x".repeat(64 * 1024) + "\n\n").getBytes(StandardCharsets.UTF_8);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 400; i++) {
                        stalledUp.send(big);
                    }
                } catch (IOException expected) {
                    // the gateway closed the stalled stream's upstream
                }
            });
            for (int i = 0; i < 5; i++) {
                healthyUp.send("data: tick " + i + "\n\n");
                healthy.readUntil("data: tick " + i + "\n\n", Duration.ofSeconds(1));
            }
            assertTrue(stalledUp.awaitClosed(Duration.ofSeconds(8)), "stalled client's upstream still open");
            writer.join(5000);
            assertFalse(writer.isAlive());
        } finally {
            stalled.close();
        }
    }

    public static Timeouts timeouts(long firstByteMs, long writeStallMs) {
        return new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(firstByteMs), Duration.ofMillis(writeStallMs));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
