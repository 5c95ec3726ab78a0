package io.ssegateway.distribution;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A page server on loopback, an origin of its own ({@code http://127.0.0.1:<port>}): {@code GET /page.html} sets a
 * cookie for {@code 127.0.0.1} (cookies ignore ports, so the browser also holds it for the gateway) and is a page
 * whose script opens {@code new EventSource(<stream>, {withCredentials: true})} and records into {@code window} (and
 * the DOM) each {@code tick} event as {@code "<id>:<data>"}, each error and the {@code readyState} after it.
 */
final class CrossOriginPage implements AutoCloseable {
    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>cross-origin stream</title></head>
            <body><pre id="log"></pre>
            <script>
              window.received = [];
              window.errors = 0;
              window.stateAfterError = -1;
              const log = line => { document.getElementById("log").textContent += line + "\\n"; };
              window.source = new EventSource("%s", {withCredentials: true});
              window.source.addEventListener("tick", e => {
                window.received.push(e.lastEventId + ":" + e.data);
                log("event " + e.lastEventId + ": " + e.data);
              });
              window.source.onerror = () => {
                window.errors++;
                window.stateAfterError = window.source.readyState;
                log("error, readyState " + window.source.readyState);
              };
            </script>
            </body></html>
            """;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String streamUrl;
    private final String cookie;

    private CrossOriginPage(HttpServer server, String streamUrl, String cookie) {
        this.server = server;
        this.streamUrl = streamUrl;
        this.cookie = cookie;
    }

    /** Starts on {@code port} of 127.0.0.1; the page reads {@code streamUrl} and sets {@code cookie} (name=value). */
    static CrossOriginPage start(int port, String streamUrl, String cookie) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        CrossOriginPage page = new CrossOriginPage(server, streamUrl, cookie);
        server.createContext("/page.html", page::page);
        server.setExecutor(page.executor);
        server.start();
        return page;
    }

    /** Its origin, {@code http://127.0.0.1:<port>}: what the browser sends as {@code Origin}. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The page's URL. */
    String pageUrl() {
        return origin() + "/page.html";
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = PAGE.formatted(streamUrl).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("Set-Cookie", cookie + "; Path=/; SameSite=Lax");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
