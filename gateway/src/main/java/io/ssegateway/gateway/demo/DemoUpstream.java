package io.ssegateway.gateway.demo;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A small SSE origin on 127.0.0.1 so the default config streams something: {@code GET /events} sends one JSON
 * event a second with an increasing id and resumes after {@code Last-Event-ID}; {@code ?interval=ms} changes the pace.
 * {@code GET /health} answers 200.
 */
public final class DemoUpstream implements AutoCloseable {
    private final WebServer server;

    private DemoUpstream(WebServer server) {
        this.server = server;
    }

    /** Starts the origin on 127.0.0.1 at this port (0 picks a free one). */
    public static DemoUpstream start(int port) {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .featuresDiscoverServices(false) // Helidon would add /observe (the gateway's metrics) here too
                .routing(r -> r.get("/events", DemoUpstream::events)
                        .get("/health", (req, res) -> res.send("ok")))
                .build()
                .start();
        if (!server.isRunning()) { // Helidon logs why and returns a stopped server
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port
                                            + " (demo-upstream.port); is the port in use?");
        }
        return new DemoUpstream(server);
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    private static void events(ServerRequest req, ServerResponse res) throws IOException {
        long id = req.headers().first(HeaderNames.create("Last-Event-ID")).map(DemoUpstream::parseId).orElse(0L);
        long interval = req.query().first("interval").map(Long::parseLong).orElse(1000L);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (OutputStream out = res.outputStream()) {
            String first = "retry: 2000\n";
            while (true) {
                id++;
                String event = first + "id: " + id + "\nevent: tick\ndata: {\"n\":" + id + ",\"time\":\"" + Instant.now()
                        + "\"}\n\n";
                first = "";
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(Math.max(1, Math.min(interval, 60_000)));
            }
        } catch (java.io.UncheckedIOException e) {
            // the client went away
        } catch (InterruptedException e) {
            // the demo origin is stopping
        }
    }

    private static long parseId(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
