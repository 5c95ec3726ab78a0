package io.ssegateway.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An SSE origin on loopback that remembers the headers of every request it got: {@code GET /events} answers
 * {@code text/event-stream} and writes events 1, 2, 3, ... (id {@code n}, type {@code tick}, one line of data
 * chosen by the test) every {@code period} until the client goes away.
 */
final class RecordingOrigin implements AutoCloseable {
    private static final long POLL_MILLIS = 20;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final IntFunction<String> data;
    private final long periodMillis;
    private final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();

    private final long headDelayMillis;

    private RecordingOrigin(HttpServer server, IntFunction<String> data, long periodMillis, long headDelayMillis) {
        this.server = server;
        this.data = data;
        this.periodMillis = periodMillis;
        this.headDelayMillis = headDelayMillis;
    }

    /** Starts an origin on a free loopback port whose event {@code n} carries {@code data.apply(n)}. */
    static RecordingOrigin start(IntFunction<String> data, long periodMillis) throws IOException {
        return start(data, periodMillis, Duration.ZERO);
    }

    /**
     * Starts an origin that answers each request's headers only {@code headDelay} after it arrived (a slow origin);
     * its accept backlog takes hundreds of connections at once.
     */
    static RecordingOrigin start(IntFunction<String> data, long periodMillis, Duration headDelay) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        RecordingOrigin origin = new RecordingOrigin(server, data, periodMillis, headDelay.toMillis());
        server.createContext("/events", origin::stream);
        server.setExecutor(origin.executor);
        server.start();
        return origin;
    }

    /** Its base URL, {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The headers of each request so far, in arrival order; names lower-cased. */
    List<Map<String, List<String>>> requests() {
        return List.copyOf(requests);
    }

    /** Waits until it got {@code count} requests; fails after {@code limit}. */
    void awaitRequests(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (requests.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(baseUrl() + " got " + requests.size() + " requests, not " + count
                                                 + ", within " + limit);
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
        requests.add(headers);
        try (exchange) {
            TimeUnit.MILLISECONDS.sleep(headDelayMillis);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            for (int n = 1; !Thread.currentThread().isInterrupted(); n++) {
                body.write(("id: " + n + "\nevent: tick\ndata: " + data.apply(n) + "\n\n")
                                   .getBytes(StandardCharsets.UTF_8));
                body.flush();
                TimeUnit.MILLISECONDS.sleep(periodMillis);
            }
        } catch (IOException | InterruptedException clientGone) {
            // the gateway closed the upstream stream, or the origin is stopping
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
