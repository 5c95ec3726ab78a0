package io.ssegateway.gateway.cors;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.CorsSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import io.ssegateway.spi.auth.AuthDecision;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS over real HTTP with raw requests, as a browser sends them (no browser here: the preflight and the
 * credentialed EventSource request are written byte for byte).
 */
@Timeout(30)
class CorsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String APP = "https://app.example.com";
    private static final CorsSettings POLICY = new CorsSettings(List.of(APP, "http://localhost:3000"), true,
                                                                Duration.ofMinutes(10), List.of("GET"),
                                                                List.of("authorization"), List.of("X-Request-Id"));
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    private TestOrigin origin;
    private Gateway gateway;

    @BeforeEach
    void start() throws IOException {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        RouteSettings withCors = TestGateway.route("events", "/events", origin.url()).withCors(Optional.of(POLICY));
        RouteSettings open = TestGateway.route("open", "/open", origin.url());
        RouteSettings locked = TestGateway.route("locked", "/locked", origin.url()).withCors(Optional.of(POLICY));
        gateway = GATEWAYS.start(List.of(withCors, open, locked), Map.of("locked", TestGateway.auth(
                request -> AuthDecision.deny(401, "credentials required", Map.of()))));
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredAtTheGatewayWithoutTouchingTheUpstream() throws Exception {
        try (RawClient client = RawClient.request(gateway.port(), "OPTIONS", "/events", null, "Origin: " + APP,
                                                  "Access-Control-Request-Method: GET",
                                                  "Access-Control-Request-Headers: Authorization, last-event-id")) {
            assertEquals(204, client.status());
            assertEquals(APP, client.header("Access-Control-Allow-Origin"));
            assertEquals("true", client.header("Access-Control-Allow-Credentials"));
            assertEquals("GET", client.header("Access-Control-Allow-Methods"));
            assertEquals("authorization, last-event-id", client.header("Access-Control-Allow-Headers"));
            assertEquals("600", client.header("Access-Control-Max-Age"));
            assertEquals("Origin", client.header("Vary"));
            assertEquals("nosniff", client.header("X-Content-Type-Options"));
        }
        assertNull(origin.poll(Duration.ofMillis(200)), "a preflight must not reach the upstream");
    }

    @Test
    void aPreflightIsDeniedForAForeignOriginAMethodOrAHeaderNotConfigured() throws Exception {
        String[][] preflights = {
                {"Origin: https://evil.example", "Access-Control-Request-Method: GET"},
                {"Origin: " + APP, "Access-Control-Request-Method: DELETE"},
                {"Origin: " + APP, "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: X-Admin"},
                {"Origin: null", "Access-Control-Request-Method: GET"}};
        for (String[] headers : preflights) {
            try (RawClient client = RawClient.request(gateway.port(), "OPTIONS", "/events", null, headers)) {
                assertEquals(403, client.status(), String.join(", ", headers));
                assertNull(client.header("Access-Control-Allow-Origin"), String.join(", ", headers));
                assertTrue(client.readTextToEnd(WAIT)
                                   .contains("\"error\":\"cors_preflight_denied\""));
            }
        }
        assertNull(origin.poll(Duration.ofMillis(200)), "a preflight must not reach the upstream");
    }

    @Test
    void aCredentialedStreamFromAnAllowedOriginGetsOurHeadersInPlaceOfTheUpstreams() throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream",
                                              "Origin: " + APP, "Cookie: session=abc")) {
            TestOrigin.Exchange up = origin.next();
            assertEquals("session=abc", up.header("Cookie"));
            up.startEventStream("Access-Control-Allow-Origin: *", "Access-Control-Allow-Methods: PUT",
                                "Vary: Accept-Encoding").send("data: hi\n\n");
            assertEquals(200, client.status());
            assertEquals(APP, client.header("Access-Control-Allow-Origin"));
            assertEquals("true", client.header("Access-Control-Allow-Credentials"));
            assertEquals("X-Request-Id", client.header("Access-Control-Expose-Headers"));
            assertNull(client.header("Access-Control-Allow-Methods"), "the upstream's CORS headers are dropped");
            assertEquals("Accept-Encoding, Origin", client.header("Vary"));
            assertEquals("data: hi\n\n", client.readUntil("data: hi\n\n", WAIT), "the body is untouched");
        }
    }

    @Test
    void aRequestFromAForeignOriginIsRefusedBeforeAuthAndUpstream() throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream",
                                              "Origin: https://evil.example", "Cookie: session=abc")) {
            assertEquals(403, client.status());
            assertNull(client.header("Access-Control-Allow-Origin"), "the browser blocks the response");
            assertEquals("Origin", client.header("Vary"));
            assertTrue(client.readTextToEnd(WAIT)
                               .contains("\"error\":\"cors_origin_denied\""));
        }
        assertNull(origin.poll(Duration.ofMillis(200)), "a foreign origin's request must not reach the upstream");
    }

    @Test
    void aGatewayErrorToAnAllowedOriginIsReadableByThePage() throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/locked", "Origin: http://localhost:3000")) {
            assertEquals(401, client.status());
            assertEquals("http://localhost:3000", client.header("Access-Control-Allow-Origin"));
            assertEquals("Origin", client.header("Vary"));
        }
    }

    @Test
    void aRequestWithoutOriginGetsVaryButNoAllowHeaders() throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            origin.next().startEventStream("Access-Control-Allow-Origin: *").send("data: x\n\n");
            client.readUntil("data: x\n\n", WAIT);
            assertNull(client.header("Access-Control-Allow-Origin"));
            assertEquals("Origin", client.header("Vary"));
        }
    }

    @Test
    void aRouteWithoutCorsPassesTheUpstreamsOwnHeadersAndItsPreflights() throws Exception {
        try (RawClient client = RawClient.request(gateway.port(), "OPTIONS", "/open", null,
                                                  "Origin: https://evil.example", "Access-Control-Request-Method: GET")) {
            TestOrigin.Exchange up = origin.next();
            assertEquals("OPTIONS", up.method);
            up.respond(204, "No Content", "text/plain", "");
            assertEquals(204, client.status());
        }
        try (RawClient client = RawClient.get(gateway.port(), "/open", "Accept: text/event-stream",
                                              "Origin: https://evil.example")) {
            origin.next().startEventStream("Access-Control-Allow-Origin: *").send("data: x\n\n");
            client.readUntil("data: x\n\n", WAIT);
            assertEquals("*", client.header("Access-Control-Allow-Origin"));
            assertNull(client.header("Vary"));
        }
    }
}
