package io.ssegateway.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The SSE origin of the end-to-end tests, on loopback, configured per test ({@link #on}): {@code GET <path>} answers
 * {@code text/event-stream} and writes events 1, 2, 3, ... (or from the request's {@code Last-Event-ID} + 1 on), one
 * every period, until the client goes away or the response's count of events is reached; it remembers the headers
 * of every stream request. It can also serve a page. (Exact bytes per connection, below HTTP: {@link RawOrigin}.)
 */
final class TestOrigin implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Builder config;
    private final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();

    private TestOrigin(HttpServer server, Builder config) {
        this.server = server;
        this.config = config;
    }

    /** An origin serving its stream on {@code path}; {@link Builder#start()} starts it. */
    static Builder on(String path) {
        return new Builder(path);
    }

    /** Event {@code n} as {@code id: n, event: tick} with one line of {@code data}. */
    static IntFunction<byte[]> ticks(IntFunction<String> data) {
        return n -> ("id: " + n + "\nevent: tick\ndata: " + data.apply(n) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Event {@code n} as {@code id: n} with data {@code event n}. */
    static byte[] numbered(int n) {
        return ("id: " + n + "\ndata: event " + n + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Event {@code n} as a tick whose JSON data is multi-line and non-ASCII every third event. */
    static byte[] mixed(int n) {
        String data = n % 3 == 0
                ? "data: {\"n\":" + n + ",\n" + "data:  \"text\":\"h\u00e9llo \u2713\"}\n"
                : "data: {\"n\":" + n + "}\n";
        return ("id: " + n + "\nevent: tick\n" + data + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** How the origin answers; every setting has a default, so a test names only what it relies on. */
    static final class Builder {
        private final String path;
        private IntFunction<byte[]> event = ticks(n -> "{\"n\":" + n + "}");
        private long periodMillis;
        private long headDelayMillis;
        private boolean fromLastEventId;
        private String prelude = "";
        private int eventsPerResponse = Integer.MAX_VALUE;
        private int lastId = Integer.MAX_VALUE;
        private String pagePath;
        private String page;

        private Builder(String path) {
            this.path = path;
        }

        /** The bytes of event {@code n} (default: a tick with data {@code {"n":n}}). */
        Builder events(IntFunction<byte[]> event) {
            this.event = event;
            return this;
        }

        /** A pause after each event (default: none). */
        Builder every(long periodMillis) {
            this.periodMillis = periodMillis;
            return this;
        }

        /** Answers each request's headers only this long after it arrived: a slow origin. */
        Builder headDelay(Duration delay) {
            this.headDelayMillis = delay.toMillis();
            return this;
        }

        /** Goes on from the request's {@code Last-Event-ID} + 1 (default: always from 1). */
        Builder fromLastEventId() {
            this.fromLastEventId = true;
            return this;
        }

        /** Bytes written before the first event of each response (a {@code retry:} line, say). */
        Builder prelude(String text) {
            this.prelude = text;
            return this;
        }

        /** Ends each response after this many events (default: never). */
        Builder eventsPerResponse(int count) {
            this.eventsPerResponse = count;
            return this;
        }

        /** Answers {@code 204 No Content} (an event source's "stop") to a request after event {@code id}. */
        Builder lastId(int id) {
            this.lastId = id;
            return this;
        }

        /** Also serves {@code html} on {@code pagePath}. */
        Builder page(String pagePath, String html) {
            this.pagePath = pagePath;
            this.page = html;
            return this;
        }

        /** Starts it on a free loopback port; its accept backlog takes hundreds of connections at once. */
        TestOrigin start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            TestOrigin origin = new TestOrigin(server, this);
            server.createContext(path, origin::stream);
            if (page != null) {
                server.createContext(pagePath, origin::page);
            }
            server.setExecutor(origin.executor);
            server.start();
            return origin;
        }
    }

    /** Its base URL, {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The headers of each stream request so far, in arrival order; names lower-cased. */
    List<Map<String, List<String>>> requests() {
        return List.copyOf(requests);
    }

    /** The {@code Last-Event-ID} of each stream request so far, in order (empty: none sent). */
    List<Optional<String>> lastEventIds() {
        return requests().stream()
                .map(headers -> Optional.ofNullable(headers.get("last-event-id")).map(List::getFirst)).toList();
    }

    /** Waits until it got {@code count} stream requests; fails after {@code limit}. */
    void awaitRequests(int count, Duration limit) throws IOException, InterruptedException {
        Await.until(limit, () -> requests.size() >= count,
                    () -> baseUrl() + " got " + requests.size() + " requests, not " + count);
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = config.page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
        requests.add(headers);
        try (exchange) {
            TimeUnit.MILLISECONDS.sleep(config.headDelayMillis);
            String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
            int after = config.fromLastEventId && lastEventId != null ? Integer.parseInt(lastEventId.trim()) : 0;
            if (after >= config.lastId) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write(config.prelude.getBytes(StandardCharsets.UTF_8));
            long end = (long) after + config.eventsPerResponse;
            for (int n = after + 1; n <= end && !Thread.currentThread().isInterrupted(); n++) {
                body.write(config.event.apply(n));
                body.flush();
                TimeUnit.MILLISECONDS.sleep(config.periodMillis);
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
