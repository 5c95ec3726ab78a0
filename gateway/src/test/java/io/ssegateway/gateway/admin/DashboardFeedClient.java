package io.ssegateway.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads {@code /admin/stream} like a dashboard does, each snapshot parsed as JSON (so it must be valid JSON). */
final class DashboardFeedClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final BlockingQueue<JsonNode> snapshots = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;
    private JsonNode last;

    private DashboardFeedClient(int adminPort) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + AdminServer.STREAM_PATH))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200
                || !response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            throw new AssertionError("not an event stream: " + response.statusCode() + " " + response.headers());
        }
        lines = response.body();
        reader = Thread.ofVirtual().start(() -> {
            try {
                lines.filter(line -> line.startsWith("data: ")).forEach(line -> {
                    try {
                        snapshots.add(JSON.readTree(line.substring("data: ".length())));
                    } catch (IOException e) {
                        throw new UncheckedIOException("a snapshot is not valid JSON: " + line, e);
                    }
                });
            } catch (UncheckedIOException e) {
                // closed by the test or by the gateway
            }
        });
    }

    /** Subscribes to the admin port's dashboard feed. */
    static DashboardFeedClient open(int adminPort) throws IOException, InterruptedException {
        return new DashboardFeedClient(adminPort);
    }

    /** Waits for a snapshot that matches; fails with the last one seen after {@code within}. */
    JsonNode await(String what, Predicate<JsonNode> matches, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            JsonNode next = snapshots.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next != null) {
                last = next;
                if (matches.test(next)) {
                    return next;
                }
            } else if (System.nanoTime() >= end) {
                throw new AssertionError("no snapshot showed " + what + " within " + within + "; last: " + last);
            }
        }
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
        client.shutdownNow();
    }
}
