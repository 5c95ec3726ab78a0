package io.ssegateway.gateway.guard;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.auth.AuthDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests carrying credentials the way the bearer, api-key and jwt plugins read them (Authorization header,
 * header or query key, cookie), allowed, refused, malformed and failing upstream, with every logger of the JVM at
 * ALL: no captured log record, formatted with its parameters and stack trace, contains any of the credentials.
 */
@Timeout(60)
class SecretsNeverLoggedTest {
    private static final String BEARER = "tok-7f3a9c1e";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJlLXNlY3JldA";
    private static final String API_KEY = "key-51b0d2aa";
    private static final String COOKIE = "cookie-e88c41f0";
    private static final List<String> SECRETS = List.of(BEARER, JWT, API_KEY, COOKIE);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    @Test
    void noCredentialEverAppearsInAnyLogRecord() throws Exception {
        Capture capture = new Capture();
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestOrigin origin = new TestOrigin()) {
            Gateway gateway = GATEWAYS.start(
                    List.of(TestGateway.route("events", "/events", origin.url()),
                            TestGateway.route("down", "/down", "http://127.0.0.1:" + closedPort)),
                    Map.of("events", TestGateway.auth(SecretsNeverLoggedTest::authenticate),
                           "down", TestGateway.auth(SecretsNeverLoggedTest::authenticate)));
            try {
                String[][] requests = {
                        {"/events", "Authorization: Bearer " + BEARER},
                        {"/events", "Authorization: Bearer " + JWT},
                        {"/events?api_key=" + API_KEY},
                        {"/events", "X-API-Key: " + API_KEY},
                        {"/events", "Cookie: theme=dark; session=" + COOKIE},
                        {"/events", "Authorization: Bearer wrong-" + BEARER},
                        {"/events?api_key=wrong-" + API_KEY},
                        {"/down", "Authorization: Bearer " + BEARER},
                        {"/events/../x?api_key=" + API_KEY, "Authorization: Bearer " + BEARER},
                        {"/events", "Authorization: Bearer " + JWT, "X-Pad: " + "p".repeat(20_000)},
                        {"/events", "Cookie: session=" + COOKIE + "\rX: y"}};
                for (String[] request : requests) {
                    String[] headers = new String[request.length];
                    headers[0] = "Accept: text/event-stream";
                    System.arraycopy(request, 1, headers, 1, request.length - 1);
                    try (RawClient client = RawClient.get(gateway.port(), request[0], headers)) {
                        exchange(client, request, origin);
                    } catch (java.net.SocketException refusedMidWrite) {
                        // the 431 is sent and the connection closed while the oversized head is still being written
                    }
                }
            } finally {
                gateway.close();
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        assertTrue(capture.lines.size() > 5, "the test captured the gateway's logging: " + capture.lines.size());
        List<String> leaks = capture.lines.stream().filter(line -> SECRETS.stream().anyMatch(line::contains)).toList();
        assertEquals(List.of(), leaks);
    }

    /** Reads the answer to the end; an admitted stream gets one event from the origin, then its end. */
    private static void exchange(RawClient client, String[] request, TestOrigin origin) throws Exception {
        if (client.status() == 200 && request[0].startsWith("/events") && !request[0].contains("..")) {
            origin.next().startEventStream().send("data: ok\n\n").end();
        }
        client.readToEnd(Duration.ofSeconds(5));
    }

    private static AuthDecision authenticate(RequestView request) {
        String authorization = request.header("Authorization").orElse("");
        boolean ok = authorization.equals("Bearer " + BEARER) || authorization.equals("Bearer " + JWT)
                || request.queryParam("api_key").filter(API_KEY::equals).isPresent()
                || request.header("X-API-Key").filter(API_KEY::equals).isPresent()
                || request.cookie("session").filter(COOKIE::equals).isPresent();
        if (!ok) {
            return AuthDecision.deny(403, "credentials refused", Map.of());
        }
        return new AuthDecision.Allow("ann", Map.of(), Set.of("Authorization", "X-API-Key"), Set.of("api_key"),
                                      Set.of("session"));
    }

    /** Keeps every record as the console would print it, stack trace included. */
    private static final class Capture extends Handler {
        private final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(formatter.format(record) + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
