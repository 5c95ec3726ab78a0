package io.ssegateway.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Shared streams with real processes: the unzipped gateway, a route with {@code share} in its HOCON file, and an
 * origin that counts its streams. Many clients of one path are served by one origin stream, each gets consecutive
 * ids, and a client reconnecting with a Last-Event-ID still in the replay buffer continues from the next id without
 * the origin seeing a request.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedStreamsEndToEndIT {
    private static final int CLIENTS = 200;
    private static final int IDS_EACH = 20;

    @TempDir
    static Path unzipped;

    @TempDir
    Path work;

    @Test
    void clientsOfOnePathShareOneOriginStreamAndAReconnectIsReplayedFromMemory() throws Exception {
        UnzippedDistribution distribution = UnzippedDistribution.into(unzipped);
        int port = FreePort.pick();
        try (CountingOrigin origin = CountingOrigin.start()) {
            Path config = work.resolve("share.conf");
            Files.writeString(config, """
                    server { host = "127.0.0.1", port = %d, shutdown-timeout = 3s }
                    demo-upstream { enabled = false }
                    routes = [ { id = "prices", path = "/prices", upstreams = ["%s"]
                                 share { linger = 10s, replay { events = 500, age = 1m }, max-queue = 256k } } ]
                    """.formatted(port, origin.baseUrl()));
            try (RunningGateway gateway = RunningGateway.start(distribution.script(),
                                                               List.of("--config", config.toString()),
                                                               ChildEnvironment.withTestJdk(), work,
                                                               work.resolve("logs"));
                 HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                 ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
                gateway.awaitPort(port, Duration.ofSeconds(30));
                List<Future<List<Integer>>> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(readers.submit(() -> ids(client, port, null, IDS_EACH)));
                }
                List<Integer> first = null;
                for (Future<List<Integer>> each : clients) {
                    List<Integer> ids = each.get(60, TimeUnit.SECONDS);
                    assertEquals(consecutive(ids.getFirst(), IDS_EACH), ids, gateway.output());
                    first = first == null ? ids : first;
                }
                assertEquals(1, origin.requests.get(), "origin streams for " + CLIENTS + " clients");

                int last = first.getLast();
                List<Integer> replayed = ids(client, port, String.valueOf(last), IDS_EACH);
                assertEquals(consecutive(last + 1, IDS_EACH), replayed, gateway.output());
                assertEquals(1, origin.requests.get(), "a reconnect within the replay window reached the origin");
            }
        }
    }

    /** Opens /prices/feed (with a Last-Event-ID, if given) and returns the first {@code count} ids it receives. */
    private static List<Integer> ids(HttpClient client, int port, String lastEventId, int count) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prices/feed"))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<Integer> ids = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                                                                             StandardCharsets.UTF_8))) {
            String line;
            while (ids.size() < count && (line = lines.readLine()) != null) {
                if (line.startsWith("id: ")) {
                    ids.add(Integer.parseInt(line.substring(4)));
                }
            }
        }
        return ids;
    }

    private static List<Integer> consecutive(int from, int count) {
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            ids.add(from + k);
        }
        return ids;
    }

    /** An origin writing {@code id: n} events every 20 ms on each stream, counting the streams it was asked for. */
    private static final class CountingOrigin implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        final AtomicInteger requests = new AtomicInteger();

        private CountingOrigin(HttpServer server) {
            this.server = server;
        }

        static CountingOrigin start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CountingOrigin origin = new CountingOrigin(server);
            server.createContext("/prices", origin::stream);
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
                    body.write(("id: " + n + "\ndata: price " + n + "\n\n").getBytes(StandardCharsets.UTF_8));
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
