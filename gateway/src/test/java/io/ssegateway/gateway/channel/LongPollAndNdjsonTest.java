package io.ssegateway.gateway.channel;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.ShareSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.testing.AdminPort;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.EventStreamReader;
import io.ssegateway.gateway.testing.Ids;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long-polling and NDJSON over real sockets, on channels and on shared routes: clients that cannot hold an event
 * stream get every id once, in order.
 */
@Timeout(60)
class LongPollAndNdjsonTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]*)\"");
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    @RegisterExtension
    final ChannelGateways channels = new ChannelGateways(GATEWAYS);

    @Test
    void longPollsChainedByIdsGetEveryPublishedIdOnceInOrder() throws Exception {
        Gateway gateway = channels.start(ChannelGateways.channel("news", "/channels/news", 1000), Map.of());
        assertEquals(202, channels.post(gateway, "/channels/news", "application/json", "{\"data\":1}")
                .statusCode());
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            try {
                for (int id = 2; id <= 60; id++) {
                    assertEquals(202, channels.post(gateway, "/channels/news", "application/json",
                                                        "{\"data\":" + id + "}").statusCode());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> got = new ArrayList<>();
        String last = "1";
        for (int polls = 0; got.size() < 59 && polls < 100; polls++) {
            HttpResponse<String> answer = get(gateway.port(), "/channels/news?format=json&wait=5&lastEventId=" + last,
                                              "*/*");
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            List<String> ids = ids(answer.body());
            got.addAll(ids);
            if (!ids.isEmpty()) {
                last = ids.getLast();
            }
        }
        publisher.get(10, TimeUnit.SECONDS);
        assertEquals(Ids.range(2, 60), got);
        HttpResponse<String> again = get(gateway.port(), "/channels/news?lastEventId=57", "application/json");
        assertEquals("[{\"id\":\"58\",\"event\":\"message\",\"data\":\"58\"},{\"id\":\"59\",\"event\":\"message\","
                     + "\"data\":\"59\"},{\"id\":\"60\",\"event\":\"message\",\"data\":\"60\"}]\n", again.body());
    }

    @Test
    void aLongPollWithNothingNewWaitsThenAnswersAnEmptyArrayAndWakesForAPublish() throws Exception {
        Gateway gateway = channels.start(ChannelGateways.channel("news", "/channels/news", 1000), Map.of());
        assertEquals(202, channels.post(gateway, "/channels/news", "application/json", "{\"data\":1}")
                .statusCode());
        long start = System.nanoTime();
        HttpResponse<String> empty = get(gateway.port(), "/channels/news?format=json&wait=1&lastEventId=1", "*/*");
        assertEquals("[]\n", empty.body());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900), "answered before wait");
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return get(gateway.port(), "/channels/news?wait=30&lastEventId=1", "application/json");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(WAIT, () -> AdminPort.meter(AdminPort.metrics(gateway), "sse_gateway_channel_subscribers",
                                                "channel", "news") == 0 && routeOpen(gateway),
                    "the long-poll waiting");
        assertEquals(202, channels.post(gateway, "/channels/news", "application/json",
                                            "{\"data\":\"two\",\"event\":\"e\"}").statusCode());
        assertEquals("[{\"id\":\"2\",\"event\":\"e\",\"data\":\"two\"}]\n", waiting.get(10, TimeUnit.SECONDS).body());
        HttpResponse<String> badWait = get(gateway.port(), "/channels/news?format=json&wait=soon", "*/*");
        assertEquals(400, badWait.statusCode());
        assertTrue(badWait.body().contains("wait must be a whole number of seconds"), badWait.body());
    }

    @Test
    void ndjsonSubscribersGetOneJsonObjectPerLineWithReplay() throws Exception {
        Gateway gateway = channels.start(ChannelGateways.channel("news", "/channels/news", 1000), Map.of());
        for (int id = 1; id <= 3; id++) {
            channels.post(gateway, "/channels/news", "application/json", "{\"data\":{\"n\":" + id + "}}");
        }
        EventStreamReader reader = EventStreamReader.open(gateway.port(), "/channels/news?format=ndjson",
                                                          "Last-Event-ID: 1").start();
        GATEWAYS.closeAfter(reader);
        assertTrue(reader.awaitHead(WAIT));
        channels.post(gateway, "/channels/news", "text/event-stream", "event: t\ndata: a\ndata: b\n\n");
        Await.until(WAIT, () -> reader.text().contains("\"id\":\"4\""), "event 4 as NDJSON");
        assertEquals("{\"id\":\"2\",\"event\":\"message\",\"data\":\"{\\\"n\\\":2}\"}\n"
                     + "{\"id\":\"3\",\"event\":\"message\",\"data\":\"{\\\"n\\\":3}\"}\n"
                     + "{\"id\":\"4\",\"event\":\"t\",\"data\":\"a\\nb\"}\n", reader.text());
    }

    @Test
    void aSharedRouteServesLongPollsAndNdjsonFromItsSharedStream() throws Exception {
        TestOrigin origin = GATEWAYS.closeAfter(new TestOrigin());
        RouteSettings route = TestGateway.route("events", "/events", origin.url())
                .withShare(Optional.of(ShareSettings.defaults()));
        Gateway gateway = GATEWAYS.start(route);
        EventStreamReader sse = EventStreamReader.open(gateway.port(), "/events/feed").start();
        GATEWAYS.closeAfter(sse);
        TestOrigin.Exchange upstream = origin.next();
        upstream.startEventStream();
        assertTrue(sse.awaitHead(WAIT));
        EventStreamReader ndjson = EventStreamReader.open(gateway.port(), "/events/feed?format=ndjson").start();
        GATEWAYS.closeAfter(ndjson);
        assertTrue(ndjson.awaitHead(WAIT));
        assertEquals(200, ndjson.status());
        for (int id = 1; id <= 5; id++) {
            upstream.send("id: " + id + "\nevent: tick\ndata: " + id + "\n\n");
        }
        upstream.send(": a comment\n\n");
        sse.awaitId("5", WAIT);
        Await.until(WAIT, () -> ndjson.text().contains("\"id\":\"5\""), "event 5 as NDJSON");
        assertEquals(List.of("1", "2", "3", "4", "5"), ids(ndjson.text()));
        assertTrue(ndjson.text().startsWith("{\"id\":\"1\",\"event\":\"tick\",\"data\":\"1\"}\n"), ndjson.text());

        // long-polls chained by ids, from the replay buffer, on the same shared stream (format stays out of the key)
        HttpResponse<String> replayed = get(gateway.port(), "/events/feed?format=json&lastEventId=2", "*/*");
        assertEquals(List.of("3", "4", "5"), ids(replayed.body()));
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return get(gateway.port(), "/events/feed?wait=20", "application/json");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(WAIT, () -> AdminPort.metrics(gateway).lines()
                            .anyMatch(l -> l.matches("sse_gateway_shared_clients[ {].*") && l.endsWith(" 3.0")),
                    "the long-poll on the shared stream: " + AdminPort.metrics(gateway).lines()
                            .filter(l -> l.startsWith("sse_gateway_shared")).toList());
        upstream.send("id: 6\ndata: six\n\n");
        assertEquals("[{\"id\":\"6\",\"event\":\"message\",\"data\":\"six\"}]\n",
                     waiting.get(10, TimeUnit.SECONDS).body());
        assertNull(origin.poll(Duration.ofMillis(200)), "a JSON client opened an upstream stream of its own");
    }

    private static List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private HttpResponse<String> get(int port, String target, String accept) throws Exception {
        return channels.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                                 .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether one stream is open on the gateway (the waiting long-poll). */
    private static boolean routeOpen(Gateway gateway) {
        return gateway.openStreams() == 1;
    }
}
