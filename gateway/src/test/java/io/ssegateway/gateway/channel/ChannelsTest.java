package io.ssegateway.gateway.channel;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.broker.MemoryBroker;
import io.ssegateway.gateway.config.BrokerSettings;
import io.ssegateway.gateway.config.ChannelSettings;
import io.ssegateway.gateway.config.CorsSettings;
import io.ssegateway.gateway.config.DrainSettings;
import io.ssegateway.gateway.config.LimitsSettings;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.config.PluginRef;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.AdminPort;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.EventStreamReader;
import io.ssegateway.gateway.testing.Ids;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.BrokerUnavailableException;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.broker.ChannelFollower;
import io.ssegateway.spi.broker.ChannelHistory;
import io.ssegateway.spi.broker.Replay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ssegateway.gateway.channel.ChannelGateways.channel;
import static io.ssegateway.gateway.testing.TestGateway.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channels over real sockets: publish over HTTP, subscribe over SSE, replay, bad input, auth and broker outages. */
@Timeout(60)
class ChannelsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    @RegisterExtension
    final ChannelGateways channels = new ChannelGateways(GATEWAYS);
    private final HttpClient http = channels.http;

    @Test
    void everySubscriberGetsEveryPublishedIdOnceInOrderAndThePublisherGetsTheIds() throws Exception {
        Gateway gateway = channels.start(channel("news", "/channels/news", 1000), Map.of());
        List<EventStreamReader> readers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            readers.add(GATEWAYS.subscribe(gateway, "/channels/news"));
        }
        HttpResponse<String> first = channels.post(gateway, "/channels/news", "application/json",
                                          "{\"event\":\"headline\",\"data\":{\"title\":\"one\"}}");
        assertEquals(202, first.statusCode(), first.body());
        assertEquals("{\"channel\":\"news\",\"ids\":[\"1\"]}\n", first.body());
        for (int i = 2; i <= 50; i += 7) {
            StringBuilder batch = new StringBuilder("[");
            for (int id = i; id < Math.min(i + 7, 51); id++) {
                batch.append(id > i ? "," : "").append("{\"data\":\"text ").append(id).append("\"}");
            }
            HttpResponse<String> answer = channels.post(gateway, "/channels/news", "application/json", batch + "]");
            assertEquals(202, answer.statusCode(), answer.body());
        }
        for (EventStreamReader reader : readers) {
            reader.awaitId("50", WAIT);
            assertEquals(Ids.range(1, 50), reader.ids());
        }
        String text = readers.get(0).text();
        assertTrue(text.contains("id: 1\nevent: headline\ndata: {\"title\":\"one\"}\n\n"), text);
        assertTrue(text.contains("id: 2\ndata: text 2\n\n"), text);
        String metrics = AdminPort.metrics(gateway);
        assertEquals(50.0, AdminPort.meter(metrics, "sse_gateway_channel_published", "channel", "news"), metrics);
        assertEquals(20.0, AdminPort.meter(metrics, "sse_gateway_channel_subscribers", "channel", "news"), metrics);
        assertEquals(50.0, AdminPort.meter(metrics, "sse_gateway_channel_history_size", "channel", "news"), metrics);
        Await.until(WAIT, () -> meterOrZero(gateway, "sse_gateway_channel_delivered", "news") == 1000.0,
                    "1000 delivered");
        String row = "\"channels\":[{\"id\":\"news\",\"path\":\"/channels/news\",\"source\":\"broker memory\","
                + "\"state\":\"following\",\"subscribers\":20,\"published\":50,\"delivered\":1000,\"history\":50,"
                + "\"errors\":0,\"gaps\":0}]";
        AdminPort.assertDashboardShows(gateway, row);
    }

    @Test
    void anEventStreamBodyPublishesEachOfItsEventsWithTheirTypesIdsAndLines() throws Exception {
        Gateway gateway = channels.start(channel("news", "/channels/news", 1000), Map.of());
        EventStreamReader reader = GATEWAYS.subscribe(gateway, "/channels/news");
        HttpResponse<String> answer = channels.post(gateway, "/channels/news", "text/event-stream",
                                           "event: a\ndata: line 1\ndata: line 2\n\n: comment\n\nid: own-7\r\ndata: x");
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals("{\"channel\":\"news\",\"ids\":[\"1\",\"own-7\"]}\n", answer.body());
        reader.awaitId("own-7", WAIT);
        assertEquals("id: 1\nevent: a\ndata: line 1\ndata: line 2\n\nid: own-7\ndata: x\n\n", reader.text());
    }

    @Test
    void aSubscriberWithLastEventIdGetsWhatFollowsThenLiveAndAnUnknownIdGetsTheWholeHistory() throws Exception {
        Gateway gateway = channels.start(channel("news", "/channels/news", 8), Map.of());
        for (int id = 1; id <= 10; id++) {
            assertEquals(202, channels.post(gateway, "/channels/news", "application/json", "{\"data\":" + id + "}")
                    .statusCode());
        }
        EventStreamReader inside = GATEWAYS.subscribe(gateway, "/channels/news", "Last-Event-ID: 6");
        EventStreamReader gone = GATEWAYS.subscribe(gateway, "/channels/news", "Last-Event-ID: 1");
        EventStreamReader live = GATEWAYS.subscribe(gateway, "/channels/news");
        inside.awaitId("10", WAIT);
        gone.awaitId("10", WAIT);
        assertEquals(202, channels.post(gateway, "/channels/news", "application/json", "[{\"data\":11},{\"data\":12}]")
                .statusCode());
        inside.awaitId("12", WAIT);
        gone.awaitId("12", WAIT);
        live.awaitId("12", WAIT);
        assertEquals(Ids.range(7, 12), inside.ids());
        assertEquals(Ids.range(3, 12), gone.ids(), "an id no longer kept: the whole history of 8, then live");
        assertEquals(Ids.range(11, 12), live.ids());

        // a client that reconnects with its last id misses nothing and repeats nothing
        inside.close();
        assertEquals(202, channels.post(gateway, "/channels/news", "application/json", "{\"data\":13}").statusCode());
        EventStreamReader again = GATEWAYS.subscribe(gateway, "/channels/news", "Last-Event-ID: 12");
        assertEquals(202, channels.post(gateway, "/channels/news", "application/json", "{\"data\":14}").statusCode());
        again.awaitId("14", WAIT);
        assertEquals(Ids.range(13, 14), again.ids());
        String metrics = AdminPort.metrics(gateway);
        assertEquals(1.0, AdminPort.meter(metrics, "sse_gateway_channel_gaps", "channel", "news"), metrics);
    }

    @Test
    void badBodiesAre400WithTheProblemNamedAndNothingIsPublished() throws Exception {
        ChannelSettings small = new ChannelSettings("news", "/channels/news", new ChannelSettings.History(100,
                Duration.ofHours(1)), 64, Optional.empty(), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 1 << 20, Optional.empty());
        Gateway gateway = channels.start(small, Map.of());
        EventStreamReader reader = GATEWAYS.subscribe(gateway, "/channels/news");
        assertBad(gateway, "application/json", "{\"data\": \"x\"", 400, "malformed_json");
        assertBad(gateway, "application/json", "[{\"data\":\"ok\"},{\"data\":\"x\",\"event\":\"a\\nb\"}]", 400,
                  "the event type has a CR or LF");
        assertBad(gateway, "application/json", "{\"data\":\"x\",\"id\":\"a\\rb\"}", 400, "the id has a CR or LF");
        assertBad(gateway, "application/json", "{\"data\":\"x\",\"id\":\"a\\u0000b\"}", 400, "NUL");
        assertBad(gateway, "application/json", "{\"data\":\"x\",\"colour\":1}", 400, "unknown member \\\"colour\\\"");
        assertBad(gateway, "application/json", "{\"event\":\"x\"}", 400, "has no \\\"data\\\"");
        assertBad(gateway, "application/json", "[]", 400, "no_events");
        assertBad(gateway, "application/json", "[1]", 400, "must be a JSON object");
        assertBad(gateway, "application/json", "{\"data\":\"" + "x".repeat(80) + "\"}", 400, "body_too_large");
        assertBad(gateway, "text/event-stream", ": only a comment\n\n", 400, "no_events");
        assertBad(gateway, "text/plain", "hello", 415, "unsupported_media_type");
        assertBad(gateway, "application/json", "{\"data\":\"fine\"}", 202, "\"ids\":[\"1\"]");
        reader.awaitId("1", WAIT);
        assertEquals(List.of("1"), reader.ids(), "only the one good body was published");
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri(gateway, "/channels/news"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode());
        HttpResponse<String> below = http.send(HttpRequest.newBuilder(uri(gateway, "/channels/news/more")).build(),
                                               HttpResponse.BodyHandlers.ofString());
        assertEquals(404, below.statusCode());
        HttpResponse<String> badFormat = http.send(HttpRequest.newBuilder(uri(gateway, "/channels/news?format=xml"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badFormat.statusCode());
        assertTrue(badFormat.body().contains("format must be json, ndjson or sse"), badFormat.body());
    }

    @Test
    void publishingAndSubscribingPassTheirOwnAuth() throws Exception {
        Authenticator publishers = request -> request.header("Authorization").orElse("").equals("Bearer pub")
                ? AuthDecision.allow("publisher") : AuthDecision.deny(401, "publishers need a token", Map.of());
        Authenticator subscribers = request -> request.queryParam("key").orElse("").equals("sub")
                ? AuthDecision.allow("reader") : AuthDecision.deny(403, "no key", Map.of());
        PluginRef named = new PluginRef("test-auth", (PluginConfig) null);
        ChannelSettings guarded = new ChannelSettings("news", "/channels/news", new ChannelSettings.History(100,
                Duration.ofHours(1)), 1 << 20, Optional.of(named), Optional.of(named), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 1 << 20, Optional.empty());
        Gateway gateway = channels.start(guarded, Map.of("news/publish", TestGateway.auth(publishers),
                                                "news", TestGateway.auth(subscribers)));
        EventStreamReader denied = EventStreamReader.open(gateway.port(), "/channels/news").start();
        GATEWAYS.closeAfter(denied);
        assertTrue(denied.awaitHead(WAIT));
        assertEquals(403, denied.status());
        EventStreamReader reader = GATEWAYS.subscribe(gateway, "/channels/news?key=sub");
        HttpResponse<String> anonymous = channels.post(gateway, "/channels/news", "application/json",
                                                       "{\"data\":\"x\"}");
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.body().contains("publishers need a token"), anonymous.body());
        HttpResponse<String> signed = http.send(HttpRequest.newBuilder(uri(gateway, "/channels/news"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer pub")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"y\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, signed.statusCode(), signed.body());
        reader.awaitId("1", WAIT);
        assertEquals(List.of("1"), reader.ids());
        assertTrue(reader.text().contains("data: y\n"), reader.text());
    }

    @Test
    void aGatewayRefusesToStartWhenANamedPublishAuthWasNotBuilt() {
        PluginRef named = new PluginRef("test-auth", (PluginConfig) null);
        ChannelSettings guarded = new ChannelSettings("news", "/channels/news", new ChannelSettings.History(100,
                Duration.ofHours(1)), 1 << 20, Optional.of(named), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 1 << 20, Optional.empty());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> channels.start(guarded, Map.of()));
        assertTrue(e.getMessage().contains("publishing is never anonymous"), e.getMessage());
    }

    @Test
    void whileTheBrokerIsDownPublishersGet503AndSubscribersKeepHeartbeatsThenResume() throws Exception {
        SwitchedBroker broker = new SwitchedBroker();
        ChannelSettings quick = new ChannelSettings("news", "/channels/news", new ChannelSettings.History(100,
                Duration.ofHours(1)), 1 << 20, Optional.empty(), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofMillis(200), 1 << 20, Optional.empty());
        Gateway gateway = channels.start(quick, Map.of("/broker", new RoutePlugins(
                Optional.empty(), RoutePlugins.none().balancer(), List.of(), Monitors.none(), "broker",
                List.of(new io.ssegateway.gateway.route.PluginInstance("broker", "switched", broker)))));
        EventStreamReader reader = GATEWAYS.subscribe(gateway, "/channels/news");
        assertEquals(202, channels.post(gateway, "/channels/news", "application/json", "{\"data\":1}").statusCode());
        reader.awaitId("1", WAIT);
        broker.down.set(true);
        HttpResponse<String> refused = channels.post(gateway, "/channels/news", "application/json", "{\"data\":2}");
        assertEquals(503, refused.statusCode());
        assertTrue(refused.body().contains("\"error\":\"broker_unavailable\""), refused.body());
        int before = reader.text().length();
        Await.until(WAIT, () -> reader.text().substring(before).contains(":\n\n"),
                    "a heartbeat while the broker is down");
        // what another instance published meanwhile is kept by the broker and arrives after the outage
        broker.memory.channel("news", new ChannelHistory(100, Duration.ofHours(1)))
                .publish(List.of(new ChannelEvent("", "", "while down")));
        broker.down.set(false);
        assertEquals(202, channels.post(gateway, "/channels/news", "application/json", "{\"data\":3}").statusCode());
        reader.awaitId("3", WAIT);
        assertEquals(List.of("1", "2", "3"), reader.ids());
        assertTrue(reader.text().contains("id: 2\ndata: while down\n"), reader.text());
    }

    @Test
    void aDrainEndsSubscribersWithARetryHint() throws Exception {
        Gateway gateway = channels.start(channel("news", "/channels/news", 100), Map.of());
        EventStreamReader reader = GATEWAYS.subscribe(gateway, "/channels/news");
        gateway.close();
        assertTrue(reader.awaitEnd(WAIT));
        assertTrue(reader.text().endsWith("retry: 3000\n\n"), reader.text());
    }

    @Test
    void corsAndLimitsApplyToAChannelAsToARoute() throws Exception {
        CorsSettings cors = new CorsSettings(List.of("https://app.example"), false, Duration.ofMinutes(10),
                                             List.of("GET", "POST"), List.of("content-type"), List.of());
        ChannelSettings shared = new ChannelSettings("news", "/channels/news", new ChannelSettings.History(100,
                Duration.ofHours(1)), 1 << 20, Optional.empty(), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofSeconds(15), 1 << 20, Optional.of(cors));
        GatewaySettings settings = TestGateway.settings(List.of(), new LimitsSettings(0, 1, 0, Duration.ofSeconds(2)),
                                                        new DrainSettings(Duration.ofSeconds(1)))
                .withChannels(BrokerSettings.memory(), List.of(shared));
        Gateway gateway = GATEWAYS.start(settings, Map.of());
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(uri(gateway, "/channels/news"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals("https://app.example", preflight.headers().firstValue("Access-Control-Allow-Origin")
                .orElse(""));
        EventStreamReader first = GATEWAYS.subscribe(gateway, "/channels/news", "Origin: https://app.example");
        assertTrue(first.text().isEmpty());
        EventStreamReader second = EventStreamReader.open(gateway.port(), "/channels/news").start();
        GATEWAYS.closeAfter(second);
        Await.until(WAIT, () -> second.text().contains("retry: 3000\n: route_stream_limit"),
              "the second subscriber over limits.per-route answered with the retry answer");
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(uri(gateway, "/channels/news"))
                .header("Origin", "https://app.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, published.statusCode(), "publishing is not a stream: the limit does not apply");
        assertEquals("https://app.example", published.headers().firstValue("Access-Control-Allow-Origin")
                .orElse(""));
        first.awaitId("1", WAIT);
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(uri(gateway, "/channels/news"))
                .header("Origin", "https://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode());
    }

    // ---- helpers

    private void assertBad(Gateway gateway, String type, String body, int status, String named)
            throws Exception {
        HttpResponse<String> answer = channels.post(gateway, "/channels/news", type, body);
        assertEquals(status, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains(named), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    private double meterOrZero(Gateway gateway, String name, String channel) {
        try {
            return AdminPort.meter(AdminPort.metrics(gateway), name, "channel", channel);
        } catch (Exception | AssertionError e) {
            return 0;
        }
    }

    /** A memory broker that can be made unreachable: every call throws while {@link #down} is set. */
    static final class SwitchedBroker implements Broker {
        final AtomicBoolean down = new AtomicBoolean();
        final MemoryBroker memory = new MemoryBroker(1 << 20);

        @Override
        public BrokerChannel channel(String name, ChannelHistory history) {
            BrokerChannel inner = memory.channel(name, history);
            return new BrokerChannel() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public List<ChannelEvent> publish(List<ChannelEvent> events) throws BrokerUnavailableException {
                    check();
                    return inner.publish(events);
                }

                @Override
                public Replay after(String lastEventId, int limit) throws BrokerUnavailableException {
                    check();
                    return inner.after(lastEventId, limit);
                }

                @Override
                public Optional<ChannelEvent> latest() throws BrokerUnavailableException {
                    check();
                    return inner.latest();
                }

                @Override
                public ChannelFollower follow(Optional<String> afterId) throws BrokerUnavailableException {
                    check();
                    ChannelFollower follower = inner.follow(afterId);
                    return new ChannelFollower() {
                        @Override
                        public List<ChannelEvent> next(Duration maxWait)
                                throws BrokerUnavailableException, InterruptedException {
                            check();
                            return follower.next(Duration.ofMillis(Math.min(maxWait.toMillis(), 100)));
                        }

                        @Override
                        public void close() {
                            follower.close();
                        }
                    };
                }
            };
        }

        private void check() throws BrokerUnavailableException {
            if (down.get()) {
                throw new BrokerUnavailableException("switched off by the test", null);
            }
        }

        @Override
        public void close() {
            memory.close();
        }
    }
}
