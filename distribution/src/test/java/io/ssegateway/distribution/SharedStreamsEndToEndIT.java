package io.ssegateway.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Shared streams with real processes: the unzipped gateway, a route with {@code share} in its HOCON file, and an
 * origin that counts its stream requests. Many clients of one path are served by one origin stream, each gets consecutive
 * ids, and a client reconnecting with a Last-Event-ID still in the replay buffer continues from the next id without
 * the origin seeing a request.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedStreamsEndToEndIT extends OnTheUnzippedZip {
    private static final int CLIENTS = 200;
    private static final int IDS_EACH = 20;

    @Test
    void clientsOfOnePathShareOneOriginStreamAndAReconnectIsReplayedFromMemory() throws Exception {
        int port = FreePort.pick();
        try (TestOrigin origin = TestOrigin.on("/prices").events(TestOrigin::numbered).every(20).fromLastEventId()
                .start()) {
            Path config = work.resolve("share.conf");
            Files.writeString(config, """
                    server { host = "127.0.0.1", port = %d, shutdown-timeout = 3s }
                    demo-upstream { enabled = false }
                    routes = [ { id = "prices", path = "/prices", upstreams = ["%s"]
                                 share { linger = 10s, replay { events = 500, age = 1m }, max-queue = 256k } } ]
                    """.formatted(port, origin.baseUrl()));
            RunningGateway gateway = startGateway(config, port);
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                 ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
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
                assertEquals(1, origin.requests().size(), "origin streams for " + CLIENTS + " clients");

                int last = first.getLast();
                List<Integer> replayed = ids(client, port, String.valueOf(last), IDS_EACH);
                assertEquals(consecutive(last + 1, IDS_EACH), replayed, gateway.output());
                assertEquals(1, origin.requests().size(), "a reconnect within the replay window reached the origin");
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
}
