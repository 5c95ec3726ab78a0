package io.ssegateway.gateway.edge;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.EdgeSettings;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.RequestHeadSettings;
import io.ssegateway.gateway.config.SecurityHeadersSettings;
import io.ssegateway.gateway.config.Timeouts;
import io.ssegateway.gateway.config.TlsSettings;
import io.ssegateway.gateway.testing.ConnectionCounter;
import io.ssegateway.gateway.testing.H2cClient;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.TestCertificate;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS from a PKCS#12 keystore or PEM files, HTTP/2 by ALPN and by prior knowledge, with real HTTP/2 clients. */
@Timeout(60)
class TlsHttp2Test {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    @TempDir
    static Path certDir;
    private static TestCertificate certificate;

    @TempDir
    Path work;

    private TestOrigin origin;
    private Gateway gateway;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.create(certDir);
    }

    private static EdgeSettings tls(TlsSettings tls, boolean http2) {
        return new EdgeSettings(Optional.of(tls), http2, false, SecurityHeadersSettings.DEFAULT,
                                RequestHeadSettings.DEFAULT);
    }

    private static TlsSettings keystore() {
        return new TlsSettings.Keystore(certificate.keystore(), TestCertificate.PASSWORD, Optional.empty());
    }

    private void start(EdgeSettings edge) throws IOException {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        gateway = GATEWAYS.start(edge, List.of(TestGateway.route("events", "/events", origin.url())), Map.of());
    }

    private HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(certificate.clientContext()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest stream(String base) {
        return HttpRequest.newBuilder(URI.create(base + "/events")).header("Accept", "text/event-stream").build();
    }

    @Test
    void aKeystoreListenerSpeaksHttp2ByAlpnAndFlushesEachEventWhileTheStreamStaysOpen() throws Exception {
        start(tls(keystore(), true));
        try (HttpClient client = client()) {
            CompletableFuture<HttpResponse<InputStream>> pending = client.sendAsync(
                    stream("https://127.0.0.1:" + gateway.port()), HttpResponse.BodyHandlers.ofInputStream());
            TestOrigin.Exchange up = origin.next();
            up.startEventStream().send("id: 1\ndata: first\n\n");
            HttpResponse<InputStream> response = pending.get(10, TimeUnit.SECONDS);
            assertEquals(HttpClient.Version.HTTP_2, response.version());
            assertEquals(200, response.statusCode());
            assertEquals(Optional.of("max-age=31536000"), response.headers().firstValue("strict-transport-security"));
            assertEquals(Optional.empty(), response.headers().firstValue("x-content-type-options"),
                         "a relayed response gets only HSTS");
            assertEquals("https", up.header("X-Forwarded-Proto"));
            try (BufferedReader body = reader(response)) {
                assertEquals(List.of("id: 1", "data: first"), nextEvent(body));
                up.send("id: 2\ndata: second\n\n");
                assertEquals(List.of("id: 2", "data: second"), nextEvent(body));
            }
        }
    }

    @Test
    void pemFilesServeTlsAndHttp2CanBeTurnedOff() throws Exception {
        start(tls(new TlsSettings.Pem(certificate.certPem(), certificate.keyPem(), Optional.empty()), false));
        try (HttpClient client = client()) {
            CompletableFuture<HttpResponse<InputStream>> pending = client.sendAsync(
                    stream("https://127.0.0.1:" + gateway.port()), HttpResponse.BodyHandlers.ofInputStream());
            origin.next().startEventStream().send("data: over-tls\n\n");
            HttpResponse<InputStream> response = pending.get(10, TimeUnit.SECONDS);
            assertEquals(HttpClient.Version.HTTP_1_1, response.version(), "http2 = false: ALPN offers HTTP/1.1 only");
            try (BufferedReader body = reader(response)) {
                assertEquals(List.of("data: over-tls"), nextEvent(body));
            }
        }
    }

    @Test
    void aGatewayErrorOverTlsCarriesAllSecurityHeaders() throws Exception {
        start(tls(keystore(), true));
        try (HttpClient client = client()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gateway.port() + "/nothing")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode());
            assertEquals(Optional.of("nosniff"), response.headers().firstValue("x-content-type-options"));
            assertEquals(Optional.of("no-referrer"), response.headers().firstValue("referrer-policy"));
            assertEquals(Optional.of("max-age=31536000"), response.headers().firstValue("strict-transport-security"));
        }
    }

    @Test
    void fiftyConcurrentStreamsOverOneTlsHttp2ConnectionAllReceiveTheirEvents() throws Exception {
        start(tls(keystore(), true));
        try (ConnectionCounter counter = new ConnectionCounter(gateway.port()); HttpClient client = client()) {
            String base = "https://127.0.0.1:" + counter.port();
            HttpResponse<String> warmUp = client.send(HttpRequest.newBuilder(URI.create(base + "/nothing")).build(),
                                                      HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, warmUp.version());
            List<CompletableFuture<HttpResponse<InputStream>>> pending = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                pending.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/events/" + i))
                                                     .header("Accept", "text/event-stream").build(),
                                             HttpResponse.BodyHandlers.ofInputStream()));
            }
            List<TestOrigin.Exchange> upstreams = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                upstreams.add(origin.next());
            }
            for (TestOrigin.Exchange up : upstreams) {
                up.startEventStream().send("data: for " + up.target + "\n\n");
            }
            List<BufferedReader> bodies = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    HttpResponse<InputStream> response = pending.get(i).get(10, TimeUnit.SECONDS);
                    assertEquals(HttpClient.Version.HTTP_2, response.version());
                    BufferedReader body = reader(response);
                    bodies.add(body);
                    assertEquals(List.of("data: for /events/" + i), nextEvent(body));
                }
                assertEquals(50, gateway.openStreams(), "all 50 streams are open at once");
                assertEquals(1, counter.connections(), "all streams shared one connection");
            } finally {
                for (BufferedReader body : bodies) {
                    body.close();
                }
            }
        }
    }

    @Test
    void aClientResetOfAnHttp2StreamEndsItAndClosesTheSilentUpstream() throws Exception {
        start(tls(keystore(), true));
        try (HttpClient client = client()) {
            CompletableFuture<HttpResponse<InputStream>> pending = client.sendAsync(
                    stream("https://127.0.0.1:" + gateway.port()), HttpResponse.BodyHandlers.ofInputStream());
            TestOrigin.Exchange up = origin.next();
            up.startEventStream().send("data: hello\n\n");
            HttpResponse<InputStream> response = pending.get(10, TimeUnit.SECONDS);
            BufferedReader body = reader(response);
            assertEquals(List.of("data: hello"), nextEvent(body));
            body.close(); // cancels the HTTP/2 stream: RST_STREAM, the connection stays
            assertTrue(up.awaitClosed(Duration.ofSeconds(2)), "upstream still open 2 s after the client reset");
            Await.until(WAIT, () -> gateway.openStreams() == 0, () -> gateway.openStreams() + " streams still open");
            HttpResponse<String> again = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + gateway.port() + "/nothing")).build(),
                                                     HttpResponse.BodyHandlers.ofString());
            assertEquals(404, again.statusCode(), "the connection still serves other streams");
        }
    }

    @Test
    void h2cPriorKnowledgeCarriesFiftyConcurrentStreamsOverOneConnection() throws Exception {
        start(new EdgeSettings(Optional.empty(), true, true, SecurityHeadersSettings.DEFAULT,
                               RequestHeadSettings.DEFAULT));
        try (H2cClient client = new H2cClient(gateway.port())) {
            List<Integer> streams = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                streams.add(client.get("/events/" + i));
            }
            List<TestOrigin.Exchange> upstreams = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                upstreams.add(origin.next());
            }
            assertEquals(50, gateway.openStreams(), "all 50 streams are open at once");
            for (TestOrigin.Exchange up : upstreams) {
                up.startEventStream().send("data: for " + up.target + "\n\n").end();
            }
            client.awaitAllEnded();
            for (int i = 0; i < 50; i++) {
                assertTrue(client.ok(streams.get(i)), "stream " + i + " answered 200");
                assertEquals("data: for /events/" + i + "\n\n", client.body(streams.get(i)));
            }
        }
    }

    @Test
    void h2cResponseHeadReachesTheClientBeforeTheUpstreamsFirstEvent() throws Exception {
        start(new EdgeSettings(Optional.empty(), true, true, SecurityHeadersSettings.DEFAULT,
                               RequestHeadSettings.DEFAULT));
        try (H2cClient client = new H2cClient(gateway.port())) {
            int stream = client.get("/events/quiet");
            TestOrigin.Exchange up = origin.next();
            up.startEventStream(); // the upstream's head only: its first event is not sent yet
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> client.awaitHeaders(stream),
                                      "the head came only with the first event");
            assertTrue(client.ok(stream), "answered 200");
            assertEquals("", client.body(stream));
            up.send("data: later\n\n").end();
            client.awaitAllEnded();
            assertEquals("data: later\n\n", client.body(stream));
        }
    }

    @Test
    void aQuietH2cStreamWithHeartbeatsOutlivesTheIdleTimeoutWhileAConnectionWithoutStreamsIsClosed()
            throws Exception {
        Duration idleTimeout = Duration.ofSeconds(2);
        origin = GATEWAYS.closeAfter(new TestOrigin());
        gateway = GATEWAYS.start(new EdgeSettings(Optional.empty(), true, true, SecurityHeadersSettings.DEFAULT,
                                                  RequestHeadSettings.DEFAULT, idleTimeout),
                                 List.of(TestGateway.route("events", "/events", Duration.ofMillis(200),
                                                           OnUpstreamError.RETRY, new Timeouts(Duration.ofSeconds(2),
                                                           Duration.ofSeconds(5), Duration.ofSeconds(60)),
                                                           origin.url())),
                                 Map.of());
        long opened = System.nanoTime();
        try (H2cClient streaming = new H2cClient(gateway.port()); H2cClient idle = new H2cClient(gateway.port())) {
            int stream = streaming.get("/events/quiet");
            TestOrigin.Exchange up = origin.next();
            up.startEventStream(); // and nothing else: only the gateway's heartbeats flow

            String end = assertTimeoutPreemptively(WAIT, idle::awaitGoAwayOrClose);
            Duration idleFor = Duration.ofNanos(System.nanoTime() - opened);
            // Helidon's clock for idle time ticks in whole seconds, so a connection may close up to 1 s early
            assertTrue(idleFor.compareTo(idleTimeout.minusSeconds(1)) >= 0, "the connection without streams ended ("
                    + end + ") after " + idleFor.toMillis() + " ms, before the idle timeout");

            // the streaming client sends only PINGs (connection frames, which Helidon does not count as activity);
            // before the fix the first PING after the idle timeout got GOAWAY and the connection was closed
            int frames = streaming.pingAndReadUntil(Instant.now().plus(idleTimeout));
            assertTrue(frames >= 5, "heartbeats kept flowing: " + frames + " DATA frames");

            up.send("data: still here\n\n").end();
            streaming.awaitAllEnded();
            assertTrue(streaming.body(stream).endsWith("data: still here\n\n"), streaming.body(stream));
            assertTrue(streaming.body(stream).startsWith(":"), "heartbeat comments: " + streaming.body(stream));
        }
    }

    @ParameterizedTest(name = "h2c {0}")
    @ValueSource(booleans = {false, true})
    void anHttp10RequestGetsA505JsonAnswerThenTheClose(boolean h2c) throws Exception {
        // with HTTP/2 on too, Helidon's selectors left an HTTP/1.0 request line to none and closed it unanswered
        start(new EdgeSettings(Optional.empty(), true, h2c, SecurityHeadersSettings.DEFAULT,
                               RequestHeadSettings.DEFAULT));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /events HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to the close

            assertTrue(answer.startsWith("HTTP/1.1 505 "), answer);
            assertTrue(answer.contains("\"error\":\"http_version_not_supported\"")
                               && answer.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n")
                               && answer.contains("X-Content-Type-Options: nosniff"), answer);
        }
    }

    @Test
    void withoutH2cACleartextListenerAnswersTheHttp2PrefaceAsHttp11() throws Exception {
        start(EdgeSettings.DEFAULT);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 4") || answer.startsWith("HTTP/1.1 5"), answer);
        }
    }

    private static BufferedReader reader(HttpResponse<InputStream> response) {
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** The lines of the next block, up to its blank line. */
    private static List<String> nextEvent(BufferedReader body) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = body.readLine()) != null) {
            if (line.isEmpty()) {
                return lines;
            }
            lines.add(line);
        }
        throw new AssertionError("the stream ended before a whole event: " + lines);
    }
}
