package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A browser's EventSource reading a route through the gateway (page and stream from the same origin, through the
 * same route): each time the origin ends the response, the gateway ends the client's stream, and the browser
 * reconnects with {@code Last-Event-ID} and goes on from the next event.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventSourceResumeBrowserIT extends InABrowser {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final Duration RECEIVE_LIMIT = Duration.ofSeconds(20);
    private static final int RESPONSES = 3;
    private static final int EVENTS_PER_RESPONSE = 3;
    /** A page whose EventSource reads {@code events} (relative, so through whatever served the page). */
    private static final String PAGE = EventSourcePage.html("resume", "events", "");

    @Test
    void anEventSourceReconnectsWithLastEventIdAfterTheGatewayEndsItsStreamAndMissesNothing() throws Exception {
        int port = FreePort.pick();
        int events = RESPONSES * EVENTS_PER_RESPONSE;
        // each response: the next three events after Last-Event-ID, then its end, asking for a quick reconnect
        try (TestOrigin origin = TestOrigin.on("/app/events").events(TestOrigin::numbered).fromLastEventId()
                .prelude("retry: 200\n\n").eventsPerResponse(EVENTS_PER_RESPONSE).page("/app/page.html", PAGE)
                .start()) {
            Path config = writeTestConfig(port, """
                    # resume as shipped (on, without on-end): the gateway ends the client's stream when the origin
                    # ends it, so the browser's own reconnect with Last-Event-ID is what is tested here
                    # (ResumeEndToEndIT covers the gateway's resume of a broken stream)
                    routes = [ { id = "app", path = "/app", upstreams = ["%s"] } ]
                    """.formatted(origin.baseUrl()));
            RunningGateway gateway = startGateway(config, port);
            try (Browser browser = Browser.start(work)) {

                browser.driver().get("http://127.0.0.1:" + port + "/app/page.html");
                browser.awaitAtLeast(events, "window.received.length", events + " events", RECEIVE_LIMIT);

                assertEquals(IntStream.rangeClosed(1, events).mapToObj(n -> n + ":event " + n).toList(),
                             browser.strings("window.received").subList(0, events), "every event once, in order\n" + gateway.output());
                assertEquals(List.of(Optional.empty(), Optional.of("3"), Optional.of("6")),
                             origin.lastEventIds().subList(0, RESPONSES),
                             "the browser resumed after the last id it saw\n" + gateway.output());
                int opened = browser.number("window.opened");
                assertTrue(opened >= RESPONSES, "the EventSource opened " + opened + " times");
                assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
            }
        }
    }
}
