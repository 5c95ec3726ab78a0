package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code withCredentials} EventSource in headless Chromium reading a CORS route of the gateway from pages on two
 * other origins (two page servers on other loopback ports): the allowed origin's page gets the events and its cookie
 * reaches the upstream; the other origin's page gets only an error, and no upstream stream is opened for it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorsBrowserIT extends InABrowser {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final Duration RECEIVE_LIMIT = Duration.ofSeconds(20);
    private static final int EVENTS = 3;
    private static final String COOKIE = "session=" + UUID.randomUUID();

    @TempDir
    static Path gatewayWork;

    private static TestOrigin upstream;
    private static CrossOriginPage allowedPage;
    private static CrossOriginPage foreignPage;
    private static RunningGateway gateway;

    @BeforeAll
    static void startGatewayUpstreamAndPages() throws Exception {
        upstream = TestOrigin.on("/events").events(TestOrigin.ticks(n -> "event " + n)).every(50).start();
        int gatewayPort = FreePort.pick();
        String stream = "http://127.0.0.1:" + gatewayPort + "/events";
        allowedPage = CrossOriginPage.start(FreePort.pick(), stream, COOKIE);
        foreignPage = CrossOriginPage.start(FreePort.pick(), stream, COOKIE);
        Path config = gatewayWork.resolve("test.conf");
        Files.writeString(config, """
                server { host = "127.0.0.1", port = %d, shutdown-timeout = 3s }
                admin { port = 0 }
                demo-upstream { enabled = false }
                routes = [ { id = "events", path = "/events", upstreams = ["%s"]
                             cors { allowed-origins = ["%s"], allow-credentials = true, max-age = 10m } } ]
                """.formatted(gatewayPort, upstream.baseUrl(), allowedPage.origin()));
        gateway = gateways.start(gatewayWork, config, gatewayPort);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (gateway != null) {
                assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
                assertFalse(gateway.output().contains(COOKIE.substring(COOKIE.indexOf('=') + 1)),
                            "the cookie's value appears in the gateway's output\n" + gateway.output());
            }
        } finally {
            for (AutoCloseable closeable : new AutoCloseable[] {allowedPage, foreignPage, upstream}) {
                if (closeable != null) {
                    closeable.close();
                }
            }
        }
    }

    @Test
    void aCredentialedEventSourceFromTheAllowedOriginReceivesEventsAndItsCookieReachesTheUpstream() throws Exception {
        try (Browser browser = Browser.start(work)) {
            browser.driver().get(allowedPage.pageUrl());
            browser.awaitAtLeast(EVENTS, "window.received.length", EVENTS + " events", RECEIVE_LIMIT);
            browser.script("window.source.close();");

            assertEquals(IntStream.rangeClosed(1, EVENTS).mapToObj(n -> n + ":event " + n).toList(),
                         browser.strings("window.received").subList(0, EVENTS), "events in order\n" + gateway.output());
            List<Map<String, List<String>>> fromAllowed = requestsFrom(allowedPage);
            assertEquals(1, fromAllowed.size(), "upstream requests from the allowed page: " + upstream.requests());
            assertEquals(List.of(COOKIE), fromAllowed.getFirst().get("cookie"),
                         "the browser sent its cookie (withCredentials) and the gateway passed it on");
        }
    }

    @Test
    void aCredentialedEventSourceFromAnotherOriginGetsOnlyAnErrorAndOpensNoUpstreamStream() throws Exception {
        try (Browser browser = Browser.start(work)) {
            browser.driver().get(foreignPage.pageUrl());
            browser.awaitAtLeast(1, "window.errors", "an error on the EventSource", RECEIVE_LIMIT);
            int stateAfterError = browser.number("window.stateAfterError");
            browser.script("window.source.close();");

            assertEquals(List.of(), browser.script("return window.received;"), "events the page got");
            assertEquals(2, stateAfterError, "readyState after the error (2: CLOSED, the browser gave up)");
            assertTrue(requestsFrom(foreignPage).isEmpty(),
                       "the gateway refused the foreign origin before opening an upstream stream, but the upstream got "
                       + upstream.requests());
        }
    }

    private static List<Map<String, List<String>>> requestsFrom(CrossOriginPage page) {
        return upstream.requests().stream().filter(r -> List.of(page.origin()).equals(r.get("origin"))).toList();
    }
}
