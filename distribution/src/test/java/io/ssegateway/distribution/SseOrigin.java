package io.ssegateway.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An SSE origin on loopback: {@code GET /events} answers {@code text/event-stream} and writes event 1, 2, 3, ...
 * (each with an id, an event name and JSON data, some of it multi-line and non-ASCII) every {@code period} until
 * the client goes away.
 */
final class SseOrigin implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final long periodMillis;

    private SseOrigin(HttpServer server, long periodMillis) {
        this.server = server;
        this.periodMillis = periodMillis;
    }

    /** Starts the origin on a free loopback port. */
    static SseOrigin start(long periodMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        SseOrigin origin = new SseOrigin(server, periodMillis);
        server.createContext("/events", origin::stream);
        server.setExecutor(origin.executor);
        server.start();
        return origin;
    }

    /** Its base URL, {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The bytes of event {@code n}, exactly as the origin writes them. */
    static byte[] event(int n) {
        String data = n % 3 == 0
                ? "data: {\"n\":" + n + ",\n" + "data:  \"text\":\"h\u00e9llo \u2713\"}\n"
                : "data: {\"n\":" + n + "}\n";
        return ("id: " + n + "\nevent: tick\n" + data + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void stream(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            for (int n = 1; !Thread.currentThread().isInterrupted(); n++) {
                body.write(event(n));
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
