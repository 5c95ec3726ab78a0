package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover with real processes: the unzipped gateway in front of two origins that serve numbered events and honour
 * Last-Event-ID; the origin serving the stream is stopped mid-stream, and the client, on one connection, still gets
 * every id exactly once and in order.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ResumeEndToEndIT {
    @TempDir
    static Path unzipped;

    @TempDir
    Path work;

    @Test
    void aKilledUpstreamIsResumedOnTheOtherWithoutTheClientNoticing() throws Exception {
        UnzippedDistribution distribution = UnzippedDistribution.into(unzipped);
        int port = FreePort.pick();
        try (NumberedOrigin a = NumberedOrigin.start(); NumberedOrigin b = NumberedOrigin.start()) {
            Path config = work.resolve("resume.conf");
            Files.writeString(config, """
                    server { host = "127.0.0.1", port = %d, shutdown-timeout = 3s }
                    demo-upstream { enabled = false }
                    routes = [ { id = "events", path = "/events", upstreams = ["%s", "%s"]
                                 resume { backoff { initial = 50ms, max = 200ms } } } ]
                    """.formatted(port, a.baseUrl(), b.baseUrl()));
            try (RunningGateway gateway = RunningGateway.start(distribution.script(),
                                                               List.of("--config", config.toString()),
                                                               ChildEnvironment.withTestJdk(), work,
                                                               work.resolve("logs"));
                 HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                gateway.awaitPort(port, Duration.ofSeconds(30));
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
                            (a.requests.get() > 0 ? a : b).close(); // the one serving the stream dies
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
        UnzippedDistribution distribution = UnzippedDistribution.into(unzipped);
        int port = FreePort.pick();
        int lastId = 2 * ResumingOrigin.EVENTS_PER_RESPONSE;
        try (ResumingOrigin ending = ResumingOrigin.start(); ResumingOrigin shedding = ResumingOrigin.start(lastId)) {
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
            try (RunningGateway gateway = RunningGateway.start(distribution.script(),
                                                               List.of("--config", config.toString()),
                                                               ChildEnvironment.withTestJdk(), work,
                                                               work.resolve("logs"));
                 HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                gateway.awaitPort(port, Duration.ofSeconds(30));
                // as shipped, the origin's end of its response is the end of the client's, after one request
                assertEquals(events(1, ResumingOrigin.EVENTS_PER_RESPONSE), readToEnd(client, port, "/finite/app/events"),
                             gateway.output());
                assertEquals(List.of(Optional.empty()), ending.lastEventIds(), gateway.output());
                // with on-end, the gateway resumes the ended stream until the origin's 204 stops it
                assertEquals(events(1, ResumingOrigin.EVENTS_PER_RESPONSE)
                                     + events(ResumingOrigin.EVENTS_PER_RESPONSE + 1, lastId),
                             readToEnd(client, port, "/shed/app/events"), gateway.output());
                assertEquals(List.of(Optional.empty(), Optional.of("3"), Optional.of("6")), shedding.lastEventIds(),
                             gateway.output());
            }
        }
    }

    /** The body of a response of {@link ResumingOrigin} with events {@code from..to}. */
    private static String events(int from, int to) {
        StringBuilder body = new StringBuilder("retry: " + ResumingOrigin.RETRY_MS + "\n\n");
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

    /** An origin writing {@code id: n} events from Last-Event-ID + 1 on, every 20 ms, until stopped. */
    private static final class NumberedOrigin implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        final AtomicInteger requests = new AtomicInteger();

        private NumberedOrigin(HttpServer server) {
            this.server = server;
        }

        static NumberedOrigin start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            NumberedOrigin origin = new NumberedOrigin(server);
            server.createContext("/events", origin::stream);
            server.setExecutor(origin.executor);
            server.start();
            return origin;
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void stream(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
            int n = last == null ? 0 : Integer.parseInt(last.trim());
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                while (!Thread.currentThread().isInterrupted()) {
                    n++;
                    body.write(("id: " + n + "\ndata: event " + n + "\n\n").getBytes(StandardCharsets.UTF_8));
                    body.flush();
                    TimeUnit.MILLISECONDS.sleep(20);
                }
            } catch (IOException | InterruptedException stopped) {
                // the gateway went away or the origin is stopping
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
