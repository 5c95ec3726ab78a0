package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failover with real processes: the unzipped gateway in front of two origins that serve numbered events and honour
 * Last-Event-ID; the origin serving the stream is stopped mid-stream, and the client, on one connection, still gets
 * every id exactly once and in order.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ResumeEndToEndIT extends OnTheUnzippedZip {
    private static final int EVENTS_PER_RESPONSE = 3;
    private static final int RETRY_MS = 200;

    @Test
    void aKilledUpstreamIsResumedOnTheOtherWithoutTheClientNoticing() throws Exception {
        int port = FreePort.pick();
        try (TestOrigin a = numbered(); TestOrigin b = numbered()) {
            Path config = work.resolve("resume.conf");
            Files.writeString(config, """
                    server { host = "127.0.0.1", port = %d, shutdown-timeout = 3s }
                    demo-upstream { enabled = false }
                    routes = [ { id = "events", path = "/events", upstreams = ["%s", "%s"]
                                 resume { backoff { initial = 50ms, max = 200ms } } } ]
                    """.formatted(port, a.baseUrl(), b.baseUrl()));
            RunningGateway gateway = startGateway(config, port);
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpResponse<InputStream> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                                .header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, response.statusCode());
                List<Integer> ids = new ArrayList<>();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                                                                                     StandardCharsets.UTF_8))) {
                    boolean killed = false;
                    String line;
                    while (ids.size() < 30 && (line = lines.readLine()) != null) {
                        if (line.startsWith("id: ")) {
                            ids.add(Integer.parseInt(line.substring(4)));
                        }
                        if (!killed && ids.size() == 10) {
                            (a.requests().isEmpty() ? b : a).close(); // the one serving the stream dies
                            killed = true;
                        }
                    }
                }
                List<Integer> expected = new ArrayList<>();
                for (int i = 1; i <= 30; i++) {
                    expected.add(i);
                }
                assertEquals(expected, ids, gateway.output());
            }
        }
    }

    @Test
    void aFiniteStreamEndsAtTheClientAndWithOnEndIsResumedUntilTheOriginAnswers204() throws Exception {
        int port = FreePort.pick();
        int lastId = 2 * EVENTS_PER_RESPONSE;
        try (TestOrigin ending = inResponsesOfThree().start();
             TestOrigin shedding = inResponsesOfThree().lastId(lastId).start()) {
            Path config = work.resolve("finite.conf");
            Files.writeString(config, """
                    server { host = "127.0.0.1", port = %d, shutdown-timeout = 3s }
                    demo-upstream { enabled = false }
                    routes = [
                      { id = "finite", path = "/finite", strip-prefix = true, upstreams = ["%s"] }
                      { id = "shed", path = "/shed", strip-prefix = true, upstreams = ["%s"]
                        resume { on-end = true, backoff { initial = 50ms, max = 200ms } } }
                    ]
                    """.formatted(port, ending.baseUrl(), shedding.baseUrl()));
            RunningGateway gateway = startGateway(config, port);
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                // as shipped, the origin's end of its response is the end of the client's, after one request
                assertEquals(events(1, EVENTS_PER_RESPONSE), readToEnd(client, port, "/finite/app/events"),
                             gateway.output());
                assertEquals(List.of(Optional.empty()), ending.lastEventIds(), gateway.output());
                // with on-end, the gateway resumes the ended stream until the origin's 204 stops it
                assertEquals(events(1, EVENTS_PER_RESPONSE)
                                     + events(EVENTS_PER_RESPONSE + 1, lastId),
                             readToEnd(client, port, "/shed/app/events"), gateway.output());
                assertEquals(List.of(Optional.empty(), Optional.of("3"), Optional.of("6")), shedding.lastEventIds(),
                             gateway.output());
            }
        }
    }

    /** An origin writing {@code id: n} events from Last-Event-ID + 1 on, every 20 ms, until stopped. */
    private static TestOrigin numbered() throws IOException {
        return TestOrigin.on("/events").events(TestOrigin::numbered).every(20).fromLastEventId().start();
    }

    /**
     * An origin whose {@code /app/events} sends the next three events after the {@code Last-Event-ID} it is given
     * and then ends the response, asking for a quick reconnect with {@code retry:}.
     */
    private static TestOrigin.Builder inResponsesOfThree() {
        return TestOrigin.on("/app/events").events(TestOrigin::numbered).fromLastEventId()
                .prelude("retry: " + RETRY_MS + "\n\n").eventsPerResponse(EVENTS_PER_RESPONSE);
    }

    /** The body of a response of {@link #inResponsesOfThree} with events {@code from..to}. */
    private static String events(int from, int to) {
        StringBuilder body = new StringBuilder("retry: " + RETRY_MS + "\n\n");
        for (int n = from; n <= to; n++) {
            body.append("id: ").append(n).append("\ndata: event ").append(n).append("\n\n");
        }
        return body.toString();
    }

    /** The whole body of an event stream through the gateway, as a fetch-like client that waits for its end. */
    private static String readToEnd(HttpClient client, int port, String path) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }
}
