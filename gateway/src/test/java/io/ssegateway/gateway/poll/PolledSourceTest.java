package io.ssegateway.gateway.poll;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.ChannelSettings;
import io.ssegateway.gateway.config.PollSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.testing.AdminPort;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.EventStreamReader;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.ssegateway.gateway.testing.TestGateway.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A route with source { poll } over real sockets: one poller for all subscribers, changes as events, linger. */
@Timeout(60)
class PolledSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    /** This test's own client: closing it closes its keep-alive connections, which a gateway's stop waits for. */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void closeClient() {
        http.close(); // before the extension stops the gateways: their stop waits for keep-alive connections
    }

    @Test
    void onePollerServesEverySubscriberWithAnEventPerChangeAndStopsAfterTheLinger() throws Exception {
        TestOrigin origin = origin();
        Gateway gateway = start(origin, PollSettings.Emit.ON_CHANGE);
        EventStreamReader a = GATEWAYS.subscribe(gateway, "/prices");
        TestOrigin.Exchange first = origin.next();
        assertEquals("/prices?symbol=X", first.target);
        assertNull(first.header("if-none-match"));
        answer(first, 200, "application/json", "{\n  \"p\": 1\n}\n", "ETag: \"v1\"",
               "Last-Modified: Mon, 07 Dec 2026 09:00:00 GMT");
        a.awaitId("1", WAIT);
        assertEquals("id: 1\ndata: {\"p\":1}\n\n", a.text().replace(":\n\n", ""));

        TestOrigin.Exchange second = origin.next();
        assertEquals("\"v1\"", second.header("if-none-match"));
        assertEquals("Mon, 07 Dec 2026 09:00:00 GMT", second.header("if-modified-since"));
        // a subscriber that joins while the poller waits for the origin gets the latest value from the last poll
        EventStreamReader b = GATEWAYS.subscribe(gateway, "/prices");
        b.awaitId("1", WAIT);
        answer(second, 304, null, "");
        answer(origin.next(), 200, "application/json", "{\"p\": 1}"); // the same value without an ETag: no event
        answer(origin.next(), 500, "text/plain", "down for a moment");
        answer(origin.next(), 200, "text/plain; charset=utf-8", "line a\nline b\n");
        a.awaitId("2", WAIT);
        b.awaitId("2", WAIT);
        answer(origin.next(), 200, "text/plain", "line c");
        a.awaitId("3", WAIT);
        b.awaitId("3", WAIT);
        assertEquals(List.of("1", "2", "3"), a.ids());
        assertEquals(List.of("1", "2", "3"), b.ids());
        assertEquals("id: 1\ndata: {\"p\":1}\n\nid: 2\ndata: line a\ndata: line b\n\nid: 3\ndata: line c\n\n",
                     a.text().replace(":\n\n", ""), "the events without the heartbeats");

        // a reconnect with Last-Event-ID gets what followed; a long-poll without an id gets the latest at once
        EventStreamReader c = GATEWAYS.subscribe(gateway, "/prices", "Last-Event-ID: 1");
        c.awaitId("3", WAIT);
        assertEquals(List.of("2", "3"), c.ids());
        assertEquals("[{\"id\":\"3\",\"event\":\"message\",\"data\":\"line c\"}]\n",
                     get(gateway, "/prices?format=json").body());
        assertEquals(405, http.send(HttpRequest.newBuilder(uri(gateway, "/prices"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        String metrics = AdminPort.metrics(gateway);
        assertEquals(1.0, AdminPort.meter(metrics, "sse_gateway_poll_errors", "route", "prices"), metrics);
        assertTrue(AdminPort.meter(metrics, "sse_gateway_poll_not_modified", "route", "prices") >= 1.0, metrics);
        assertEquals(3.0, AdminPort.meter(metrics, "sse_gateway_poll_changes", "route", "prices"), metrics);

        // every subscriber leaves: polling stops after the linger (the origin is answered until it is asked no more)
        a.close();
        b.close();
        c.close();
        long end = System.nanoTime() + WAIT.toNanos();
        TestOrigin.Exchange asked;
        while ((asked = origin.poll(Duration.ofMillis(800))) != null) {
            assertTrue(System.nanoTime() < end, "still polling without subscribers");
            answer(asked, 304, null, "");
        }
        assertNull(origin.poll(Duration.ofMillis(500)), "polling went on after the linger");
    }

    @Test
    void emitEveryMakesAnEventForEachFetchAndTheOriginsErrorsKeepSubscribersWithHeartbeats() throws Exception {
        TestOrigin origin = origin();
        Gateway gateway = start(origin, PollSettings.Emit.EVERY);
        EventStreamReader a = GATEWAYS.subscribe(gateway, "/prices");
        answer(origin.next(), 200, "text/plain", "same");
        answer(origin.next(), 200, "text/plain", "same");
        a.awaitId("2", WAIT);
        for (int i = 0; i < 3; i++) {
            answer(origin.next(), 503, "text/plain", "no");
        }
        int before = a.text().length();
        Await.until(WAIT, () -> a.text().substring(before).contains(":\n\n"), "a heartbeat while the origin fails");
        answer(origin.next(), 200, "text/plain", "back");
        a.awaitId("3", WAIT);
        assertTrue(a.text().contains("id: 3\ndata: back\n\n"), a.text());
        String metrics = AdminPort.metrics(gateway);
        assertEquals(3.0, AdminPort.meter(metrics, "sse_gateway_poll_errors", "route", "prices"), metrics);
        String ready = get(gateway.adminPort().orElseThrow(), "/observe/health/ready").body();
        assertTrue(ready.contains("\"status\":\"UP\""), ready);
    }

    // ---- helpers

    private TestOrigin origin() throws IOException {
        return GATEWAYS.closeAfter(new TestOrigin());
    }

    private Gateway start(TestOrigin origin, PollSettings.Emit emit) {
        RouteSettings base = TestGateway.route("prices", "/prices", origin.url());
        PollSettings poll = new PollSettings(URI.create(origin.url() + "/prices?symbol=X"), Duration.ofMillis(50),
                                             emit, Duration.ofMillis(300), Duration.ofSeconds(5),
                                             new ChannelSettings.History(100, Duration.ofHours(1)));
        RouteSettings polled = new RouteSettings(base.id(), base.path(), List.of(), false, Duration.ofMillis(300),
                                                 base.onUpstreamError(), base.timeouts(), base.maxEventSize(),
                                                 Optional.empty(), Optional.empty(), List.of(), List.of(),
                                                 base.resilience(), Optional.empty(), Optional.empty(),
                                                 Duration.ofSeconds(5), Optional.of(poll));
        return GATEWAYS.start(polled);
    }

    /** Answers a poll with a whole response and closes the connection. */
    private static void answer(TestOrigin.Exchange exchange, int status, String type, String body,
                               String... headers) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        head.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
        exchange.sendRaw(head + body);
        exchange.kill();
    }

    private HttpResponse<String> get(Gateway gateway, String path) throws Exception {
        return get(gateway.port(), path);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }
}
