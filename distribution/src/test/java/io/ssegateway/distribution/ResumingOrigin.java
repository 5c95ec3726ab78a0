package io.ssegateway.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An origin on loopback for a browser: {@code GET /app/page.html} is a page whose EventSource reads
 * {@code /app/events} (relative, so through whatever served the page); {@code GET /app/events} sends the next
 * {@link #EVENTS_PER_RESPONSE} events after the {@code Last-Event-ID} it is given (ids 1, 2, 3, ...) and then ends
 * the response, asking for a quick reconnect with {@code retry:}. Started with a last id, it answers a request whose
 * {@code Last-Event-ID} is that id or later with {@code 204 No Content}, an event source's "stop reconnecting".
 */
final class ResumingOrigin implements AutoCloseable {
    static final int EVENTS_PER_RESPONSE = 3;
    static final int RETRY_MS = 200;

    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>resume</title></head>
            <body><pre id="log"></pre>
            <script>
              window.received = [];
              window.opened = 0;
              const source = new EventSource("events");
              source.onopen = () => { window.opened++; };
              source.onmessage = e => {
                window.received.push(e.lastEventId + ":" + e.data);
                document.getElementById("log").textContent = window.received.join("\\n");
              };
            </script>
            </body></html>
            """;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Optional<String>> lastEventIds = new CopyOnWriteArrayList<>();

    private final int lastId;

    private ResumingOrigin(HttpServer server, int lastId) {
        this.server = server;
        this.lastId = lastId;
    }

    /** Starts on a free loopback port; its events go on for ever. */
    static ResumingOrigin start() throws IOException {
        return start(Integer.MAX_VALUE);
    }

    /** Starts on a free loopback port; a request after event {@code lastId} gets {@code 204}. */
    static ResumingOrigin start(int lastId) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ResumingOrigin origin = new ResumingOrigin(server, lastId);
        server.createContext("/app/page.html", origin::page);
        server.createContext("/app/events", origin::events);
        server.setExecutor(origin.executor);
        server.start();
        return origin;
    }

    /** Its base URL, {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The {@code Last-Event-ID} of each {@code /app/events} request so far, in order (empty: none sent). */
    List<Optional<String>> lastEventIds() {
        return List.copyOf(lastEventIds);
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void events(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<String> lastEventId = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Last-Event-ID"));
            lastEventIds.add(lastEventId);
            int after = lastEventId.map(Integer::parseInt).orElse(0);
            if (after >= lastId) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write(("retry: " + RETRY_MS + "\n\n").getBytes(StandardCharsets.UTF_8));
            for (int n = after + 1; n <= after + EVENTS_PER_RESPONSE; n++) {
                body.write(("id: " + n + "\ndata: event " + n + "\n\n").getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
        } catch (IOException clientGone) {
            // the gateway closed the stream
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
