package io.ssegateway.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.AdminSettings;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.config.ServerSettings;
import io.ssegateway.gateway.observe.GatewayHealth;
import io.ssegateway.gateway.observe.GatewayStats;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class AdminServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    private final HttpClient http = GATEWAYS.closeAfter(HttpClient.newHttpClient());
    private TestOrigin origin;
    private Gateway gateway;

    private void startGateway() throws IOException {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        gateway = GATEWAYS.start(TestGateway.route("events", "/events", origin.url()));
    }

    private int adminPort() {
        return gateway.adminPort().orElseThrow();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswers200WithEveryRouteAndUpstreamWhileReady() throws Exception {
        startGateway();

        HttpResponse<String> health = get(adminPort(), "/observe/health");

        assertEquals(200, health.statusCode(), health.body());
        assertEquals("application/json", health.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.readTree(health.body());
        assertEquals("UP", body.path("status").asText());
        assertEquals(false, body.path("draining").asBoolean());
        JsonNode route = body.path("routes").get(0);
        assertEquals("events", route.path("id").asText());
        assertEquals(true, route.path("ready").asBoolean());
        assertEquals(origin.url(), route.path("upstreams").get(0).path("url").asText());
        assertEquals(true, route.path("upstreams").get(0).path("usable").asBoolean());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "every upstream usable                  | false |                | 200 | UP   | true",
            "one of a route's two upstreams down    | false | http://b:2     | 200 | UP   | true",
            "the only upstream of a route down      | false | http://c:3     | 503 | DOWN | false",
            "draining                               | true  |                | 503 | DOWN | true"})
    void healthIsReadyOnlyWhenNotDrainingAndEveryRouteHasAUsableUpstream(String situation, boolean draining,
                                                                         String unusable, int status,
                                                                         String statusText, boolean secondReady)
            throws Exception {
        List<RouteSettings> routes = List.of(TestGateway.route("one", "/one", "http://a:1", "http://b:2"),
                                             TestGateway.route("two", "/two", "http://c:3"));
        GatewayHealth health = new GatewayHealth() {
            @Override
            public boolean draining() {
                return draining;
            }

            @Override
            public boolean usable(String routeId, URI upstream) {
                return !upstream.toString().equals(unusable);
            }
        };
        try (AdminServer admin = AdminServer.start(new AdminSettings(true, "127.0.0.1", 0), routes,
                                                   new GatewayStats(routes), health,
                                                   HelidonGatewayMetrics.isolated().registry())) {
            HttpResponse<String> response = get(admin.port(), "/observe/health");

            assertEquals(status, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals(statusText, body.path("status").asText());
            assertEquals(draining, body.path("draining").asBoolean());
            assertEquals(true, body.path("routes").get(0).path("ready").asBoolean());
            assertEquals(secondReady, body.path("routes").get(1).path("ready").asBoolean());
        }
    }

    @Test
    void liveReadyAndStartedProbesFollowHelidonsConventions() throws Exception {
        List<RouteSettings> routes = List.of(TestGateway.route("one", "/one", "http://a:1"));
        AtomicBoolean draining = new AtomicBoolean();
        AtomicBoolean upstreamUsable = new AtomicBoolean(true);
        GatewayHealth health = new GatewayHealth() {
            @Override
            public boolean draining() {
                return draining.get();
            }

            @Override
            public boolean usable(String routeId, URI upstream) {
                return upstreamUsable.get();
            }
        };
        try (AdminServer admin = AdminServer.start(new AdminSettings(true, "127.0.0.1", 0), routes,
                                                   new GatewayStats(routes), health,
                                                   HelidonGatewayMetrics.isolated().registry())) {
            assertProbe(admin, "/live", 200, "UP");
            assertProbe(admin, "/started", 503, "DOWN");
            assertProbe(admin, "/ready", 503, "DOWN");
            assertEquals(200, get(admin.port(), "/observe/health").statusCode(), "/observe/health stays as it was");

            admin.startupFinished();
            assertProbe(admin, "/started", 200, "UP");
            JsonNode ready = assertProbe(admin, "/ready", 200, "UP");
            assertEquals(true, ready.path("started").asBoolean());
            assertEquals("one", ready.path("routes").get(0).path("id").asText());

            upstreamUsable.set(false);
            JsonNode noUpstream = assertProbe(admin, "/ready", 503, "DOWN");
            assertEquals(false, noUpstream.path("routes").get(0).path("ready").asBoolean());
            assertProbe(admin, "/live", 200, "UP");
            upstreamUsable.set(true);

            draining.set(true);
            assertEquals(true, assertProbe(admin, "/ready", 503, "DOWN").path("draining").asBoolean());
            assertProbe(admin, "/live", 200, "UP");
            assertProbe(admin, "/started", 200, "UP");
            assertProbe(admin, "", 503, "DOWN");
        }
    }

    @Test
    void aStartedGatewayIsStartedAndReadyAndHeadRequestsAreAnswered() throws Exception {
        startGateway();

        for (String probe : List.of("", "/live", "/ready", "/started")) {
            HttpResponse<String> head = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + "/observe/health" + probe))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode(), "HEAD " + probe);
            assertEquals("", head.body());
            assertProbe(adminPort(), probe, 200, "UP");
        }
    }

    private JsonNode assertProbe(AdminServer admin, String probe, int status, String statusText) throws Exception {
        return assertProbe(admin.port(), probe, status, statusText);
    }

    private JsonNode assertProbe(int port, String probe, int status, String statusText) throws Exception {
        HttpResponse<String> response = get(port, "/observe/health" + probe);
        assertEquals(status, response.statusCode(), probe + ": " + response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(statusText, body.path("status").asText(), probe + ": " + response.body());
        return body;
    }

    @Test
    void metricsAreServedAsPrometheusTextOnTheAdminPortOnly() throws Exception {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        HelidonGatewayMetrics metrics = HelidonGatewayMetrics.isolated();
        metrics.counter("test.relayed", "a test counter", "route", "events").increment(2);
        gateway = GATEWAYS.start(List.of(TestGateway.route("events", "/events", origin.url())),
                                 Map.<String, RoutePlugins>of(), metrics);

        HttpResponse<String> admin = get(adminPort(), "/observe/metrics");
        HttpResponse<String> publicPort = get(gateway.port(), "/observe/metrics");

        assertEquals(200, admin.statusCode());
        assertTrue(admin.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                   admin.headers().toString());
        assertTrue(admin.body().lines().anyMatch(line -> line.startsWith("test_relayed_total{")
                           && line.contains("route=\"events\"") && line.endsWith(" 2.0")),
                   admin.body());
        assertEquals(404, publicPort.statusCode(), "the public port only relays: " + publicPort.body());
        assertTrue(publicPort.body().contains("no_route"), publicPort.body());
    }

    @Test
    void theDashboardIsOnePageAtTheRootThatOnlyTalksToTheAdminPort() throws Exception {
        startGateway();

        HttpResponse<String> page = get(adminPort(), "/");

        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"), csp);
        assertTrue(page.body().contains("new EventSource(\"admin/stream\")"), "subscribes to the feed");
    }

    @Test
    void theDashboardFeedShowsAStreamWhileItIsOpenThenItsCloseWithTheReason() throws Exception {
        startGateway();
        try (DashboardFeedClient feed = DashboardFeedClient.open(adminPort())) {
            JsonNode first = feed.await("the route", s -> s.path("routes").get(0).path("id").asText().equals("events"),
                                        WAIT);
            assertEquals("UP", first.path("status").asText());

            try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
                TestOrigin.Exchange up = origin.next();
                up.startEventStream().send("id: 1\ndata: one\n\n").send("id: 2\ndata: two\n\n");
                client.readUntil("data: two\n\n", WAIT);

                JsonNode open = feed.await("one open stream with two events", s -> route(s).path("open").asInt() == 1
                        && route(s).path("events").asLong() >= 1, WAIT);
                assertEquals(1, route(open).path("upstreams").get(0).path("open").asInt());
                assertTrue(route(open).path("bytes").asLong() > 0, open.toString());

                up.end();
                JsonNode closed = feed.await("the stream closed", s -> route(s).path("open").asInt() == 0
                        && route(s).path("closed").path("upstream_ended").asInt() == 1, WAIT);
                JsonNode latest = closed.path("recent").get(0);
                assertEquals(Set.of("closed", "upstream_ended", "events", origin.url()),
                             Set.of(latest.path("kind").asText(), latest.path("what").asText(),
                                    latest.path("route").asText(), latest.path("upstream").asText()));
                assertEquals(1, route(closed).path("opened").asInt());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"admin, admin.port", "server, server.port"})
    void aPortInUseStopsTheStartWithAMessageNamingItsKey(String listener, String key) throws Exception {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            GatewaySettings free = TestGateway.settings(List.of(TestGateway.route("events", "/events", origin.url())));
            GatewaySettings settings = new GatewaySettings(
                    free.home(), listener.equals("server")
                            ? new ServerSettings("127.0.0.1", taken.getLocalPort(), Duration.ofSeconds(1))
                            : free.server(),
                    free.demoUpstream(), free.pluginsDir(), free.routes(), free.limits(), free.drain(),
                    listener.equals("admin")
                            ? new AdminSettings(true, "127.0.0.1", taken.getLocalPort())
                            : free.admin());

            IllegalStateException e = assertThrows(IllegalStateException.class,
                                                   () -> Gateway.start(settings, new RouteFactory(Map.of())));
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()) && e.getMessage().contains(key),
                       e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /observe/health, 200, \"status\":\"UP\"",
                "HEAD, /observe/health, 200, ''",
                "GET, /observe/health/ready, 200, \"status\":\"UP\"",
                "GET, /observe/metrics, 200, # TYPE"})
    void http10RequestsGetAWholeAnswerAndThenTheConnectionCloses(String method, String path, int status,
                                                                 String bodyHas) throws Exception {
        startGateway(); // HAProxy's plain `option httpchk` sends exactly this: no Host, no Connection header
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), adminPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.0\r\n\r\n")
                                                   .getBytes(StandardCharsets.ISO_8859_1));

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to close

            assertTrue(answer.startsWith("HTTP/1.1 " + status + " ") || answer.startsWith("HTTP/1.0 " + status + " "),
                       "status line: " + answer);
            int headEnd = answer.indexOf("\r\n\r\n");
            assertTrue(headEnd > 0, "a whole head: " + answer);
            String head = answer.substring(0, headEnd).toLowerCase(Locale.ROOT);
            String body = answer.substring(headEnd + 4);
            assertTrue(head.contains("\r\nconnection: close"), "says it closes: " + head);
            assertTrue(!head.contains("transfer-encoding: chunked"), "no chunked body for HTTP/1.0: " + head);
            if (method.equals("HEAD")) {
                assertEquals("", body);
            } else {
                assertTrue(body.contains(bodyHas), body);
                assertTrue(!head.contains("content-length:")
                                   || head.contains("content-length: " + body.getBytes(StandardCharsets.UTF_8).length),
                           "the length it announces: " + head);
            }
        }
    }

    private static JsonNode route(JsonNode snapshot) {
        return snapshot.path("routes").get(0);
    }
}
