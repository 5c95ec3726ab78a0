package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reloading the unzipped distribution while 1,000 streams are open: {@code bin/sse-gateway reload} and SIGHUP,
 * twenty times, adding and removing a route; a refused reload; every open stream sees every event once, in order.
 */
class ReloadEndToEndIT extends OnTheUnzippedZip {
    private static final int STREAMS = 1000;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twentyReloadsByCommandAndSighupLeaveAThousandOpenStreamsUntouched() throws Exception {
        int port = FreePort.pick();
        List<Stream> streams = new ArrayList<>();
        try (TestOrigin origin = TestOrigin.on("/events").every(1000).fromLastEventId().start()) {
            Path config = work.resolve("reload.conf");
            Files.writeString(config, config(port, origin.baseUrl(), 0));
            RunningGateway gateway = startGateway(config, port);
            Path pidFile = distribution.home().resolve("run/sse-gateway.pid");
            Await.until(LIMIT, () -> Files.isRegularFile(pidFile), () -> "no " + pidFile);
            Properties running = new Properties();
            try (var in = Files.newBufferedReader(pidFile)) {
                running.load(in);
            }
            String admin = running.getProperty("admin");
            long pid = Long.parseLong(running.getProperty("pid"));
            try {
                for (int i = 0; i < STREAMS; i++) {
                    streams.add(Stream.open(port, "/events"));
                }
                for (Stream s : streams) {
                    Await.until(LIMIT, () -> s.last.get() >= 1 || s.broken.get(), () -> "no first event");
                }
                for (int i = 1; i <= 20; i++) {
                    Files.writeString(config, config(port, origin.baseUrl(), i));
                    if (i % 2 == 0) {
                        ScriptRun reload = reload(config);
                        assertEquals(0, reload.exitCode(), reload.stderr() + gateway.output());
                        assertTrue(reload.stdout().startsWith("reload applied: generation " + (i + 1)),
                                   reload.stdout());
                    } else {
                        ScriptRun hup = ScriptRun.run(List.of("kill", "-HUP", Long.toString(pid)),
                                                      ChildEnvironment.withTestJdk(), work, LIMIT);
                        assertEquals(0, hup.exitCode(), hup.stderr());
                        int generation = i + 1;
                        Await.until(LIMIT, () -> health(admin).contains("\"config\":{\"generation\":" + generation
                                                                        + ","), () -> "generation " + generation);
                    }
                    int extra = status(port, "/extra/events");
                    assertEquals(i % 2 == 1 ? 200 : 404, extra, "reload " + i + ": /extra");
                }
                // a refused reload: the command says why and exits 1; nothing changes
                Files.writeString(config, config(port, origin.baseUrl(), 0).replace("routes = [",
                                                                                   "routes = [ { id = \"Bad\" },"));
                ScriptRun refused = reload(config);
                assertEquals(1, refused.exitCode(), refused.stdout() + refused.stderr());
                assertTrue(refused.stderr().contains("reload failed, nothing changed: generation 21 stays"),
                           refused.stderr());
                assertTrue(refused.stderr().contains("routes[0].id: must match"), refused.stderr());
                assertTrue(health(admin).contains("\"lastReload\":{\"outcome\":\"failed\""));

                long[] seen = streams.stream().mapToLong(s -> s.last.get()).toArray();
                for (int i = 0; i < streams.size(); i++) {
                    Stream s = streams.get(i);
                    long before = seen[i];
                    Await.until(LIMIT, () -> s.last.get() > before || s.broken.get(), () -> "no event after reloads");
                }
                for (Stream s : streams) {
                    assertFalse(s.broken.get(), "a stream ended or skipped an id: " + s.problem);
                }
                assertEquals(0, gateway.terminate(Duration.ofSeconds(20)), gateway.output());
                assertFalse(Files.exists(pidFile), "the pid file is gone after the stop");
            } finally {
                for (Stream s : streams) {
                    s.close();
                }
            }
        }
    }

    private ScriptRun reload(Path config) throws IOException, InterruptedException {
        return ScriptRun.run(List.of(distribution.script().toString(), "--config", config.toString(), "reload"),
                             ChildEnvironment.withTestJdk(), work, LIMIT);
    }

    private static String config(int port, String origin, int generation) {
        String extra = generation % 2 == 1
                ? "{ id = \"extra\", path = \"/extra\", strip-prefix = true, upstreams = [\"" + origin
                  + "\"], heartbeat = " + (10 + generation) + "s }\n" : "";
        return """
                server { host = "127.0.0.1", port = %d, shutdown-timeout = 3s }
                admin { port = 0 }
                demo-upstream { enabled = false }
                drain.window = 1s
                routes = [
                { id = "stable", path = "/events", upstreams = ["%s"] }
                %s]
                """.formatted(port, origin, extra);
    }

    private static String health(String admin) throws IOException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(admin + "/observe/health")).build(),
                               HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The status of a GET that asks for JSON (so it is answered without a stream). */
    private static int status(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream"
                                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                                                   StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(line.split(" ")[1]);
        }
    }

    /** One client stream on a socket of its own: the last id seen, and whether an id was skipped or repeated. */
    private static final class Stream implements AutoCloseable {
        final AtomicLong last = new AtomicLong();
        final AtomicBoolean broken = new AtomicBoolean();
        volatile String problem = "";
        private final Socket socket;

        private Stream(Socket socket) {
            this.socket = socket;
        }

        static Stream open(int port, String path) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream"
                                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Stream stream = new Stream(socket);
            Thread.ofVirtual().start(stream::read);
            return stream;
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                                                              StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("id: ")) {
                        long id = Long.parseLong(line.substring(4).trim());
                        if (id != last.get() + 1) {
                            problem = "id " + id + " after " + last.get();
                            broken.set(true);
                        }
                        last.set(id);
                    } else if (line.startsWith("retry: ")) {
                        problem = "closed with " + line;
                        broken.set(true);
                    }
                }
                if (!socket.isClosed()) {
                    problem = "ended after id " + last.get();
                    broken.set(true);
                }
            } catch (IOException | RuntimeException e) {
                if (!socket.isClosed()) {
                    problem = "broke after id " + last.get() + ": " + e;
                    broken.set(true);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
