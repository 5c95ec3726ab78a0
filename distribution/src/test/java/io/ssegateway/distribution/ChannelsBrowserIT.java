package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Protocol translation on the unzipped distribution: a browser's EventSource subscribes to a channel and receives
 * every event published to it with curl (JSON objects, a JSON array, a text/event-stream body), once, in order;
 * an unauthenticated publish is refused; a long-poll with curl continues after an id; and a second EventSource
 * reads a route that polls an HTTP endpoint.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelsBrowserIT extends InABrowser {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final Duration RECEIVE_LIMIT = Duration.ofSeconds(30);
    private static final String TOKEN = "publisher-secret";
    /** A page whose EventSources read the channel and the polled route of the gateway that served it. */
    private static final String PAGE = EventSourcePage.html("channels", "/channels/news", """
            source.addEventListener("headline", e => { window.received.push(e.lastEventId + ":headline:" + e.data); });
            window.polled = [];
            const status = new EventSource("/status");
            status.onmessage = e => { window.polled.push(e.lastEventId + ":" + e.data.length); };
            """);

    @Test
    void anEventSourceReceivesEveryEventPublishedWithCurlOnceInOrder() throws Exception {
        int port = FreePort.pick();
        try (TestOrigin origin = TestOrigin.on("/app/events").events(TestOrigin::numbered)
                .page("/app/page.html", PAGE).start()) {
            Path config = writeTestConfig(port, """
                    routes = [
                      { id = "app", path = "/app", upstreams = ["%s"] }
                      { id = "status", path = "/status",
                        source { poll { url = "%s/app/page.html", interval = 200ms, linger = 1s } } }
                    ]
                    channels = [
                      { id = "news", path = "/channels/news", history { events = 100, age = 10m }
                        publish { auth { type = "bearer", tokens = ["%s"] } } }
                    ]
                    """.formatted(origin.baseUrl(), origin.baseUrl(), TOKEN));
            RunningGateway gateway = startGateway(config, port);
            String channel = "http://127.0.0.1:" + port + "/channels/news";
            try (Browser browser = Browser.start(work)) {
                browser.driver().get("http://127.0.0.1:" + port + "/app/page.html");
                browser.awaitAtLeast(1, "window.opened", "the EventSource open", RECEIVE_LIMIT);

                assertEquals("401", curl("-o", "/dev/null", "-w", "%{http_code}", "-H",
                                         "Content-Type: application/json", "-d", "{\"data\":\"anonymous\"}", channel),
                             "a publish without the token\n" + gateway.output());
                List<String> expected = new ArrayList<>();
                for (int n = 1; n <= 10; n++) {
                    String answer = publish(channel, "application/json", "{\"data\":\"event " + n + "\"}");
                    assertEquals("{\"channel\":\"news\",\"ids\":[\"" + n + "\"]}", answer.strip());
                    expected.add(n + ":event " + n);
                }
                StringBuilder batch = new StringBuilder("[");
                for (int n = 11; n <= 20; n++) {
                    batch.append(n > 11 ? "," : "").append("{\"data\":{\"n\":").append(n).append("}}");
                    expected.add(n + ":{\"n\":" + n + "}");
                }
                publish(channel, "application/json", batch + "]");
                publish(channel, "text/event-stream", "event: headline\ndata: breaking\n\ndata: last\n\n");
                expected.add("21:headline:breaking");
                expected.add("22:last");

                browser.awaitAtLeast(expected.size(), "window.received.length", expected.size() + " events",
                                     RECEIVE_LIMIT);
                assertEquals(expected, browser.strings("window.received"), "every event once, in order\n" + gateway.output());

                String longPoll = curl("-H", "Accept: application/json", channel + "?lastEventId=19&wait=1");
                assertEquals("[{\"id\":\"20\",\"event\":\"message\",\"data\":\"{\\\"n\\\":20}\"},"
                             + "{\"id\":\"21\",\"event\":\"headline\",\"data\":\"breaking\"},"
                             + "{\"id\":\"22\",\"event\":\"message\",\"data\":\"last\"}]", longPoll.strip());

                browser.awaitAtLeast(1, "window.polled.length", "the polled page", RECEIVE_LIMIT);
                assertEquals("1:" + PAGE.strip().length(), browser.strings("window.polled").get(0), "the page as the first polled value");
                assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
            }
        }
    }

    private static String publish(String url, String type, String body) throws IOException, InterruptedException {
        return curl("-f", "-H", "Authorization: Bearer " + TOKEN, "-H", "Content-Type: " + type, "--data-binary",
                    body, url);
    }

    /** Runs curl (silent, 10 s at most) and returns what it wrote. */
    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "curl did not end");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "curl " + command + " failed: " + text);
        return text;
    }
}
