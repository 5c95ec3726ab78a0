package io.ssegateway.distribution;

import static io.ssegateway.distribution.HostileCase.ClientOutcome.answered;
import static io.ssegateway.distribution.HostileCase.ClientOutcome.leavesAfterHead;
import static io.ssegateway.distribution.HostileCase.OriginCheck.atMostRequests;
import static io.ssegateway.distribution.HostileCase.OriginCheck.never;
import static io.ssegateway.distribution.HostileCase.OriginCheck.nothing;
import static io.ssegateway.distribution.HostileCase.OriginCheck.oneRequest;
import static io.ssegateway.distribution.HostileCase.OriginCheck.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.ssegateway.distribution.HostileCase.ClientOutcome;
import io.ssegateway.distribution.HostileCase.ClientOutcome.Ending;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile HTTP against the unzipped distribution: each row of {@link #CASES} is sent by a raw-socket client to a
 * route whose origin is a {@link RawOrigin} that records the exact bytes it receives, while 20 healthy streams on
 * another route keep flowing; every healthy stream must get every id once, in order, through all of it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileHttpIT extends OnTheUnzippedZip {
    private static final Duration START_LIMIT = GatewayProcesses.START_LIMIT;
    private static final Duration CLIENT_WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final int HEALTHY_STREAMS = 20;
    /** A request, sent as another request's body: must never reach the origin as a request. */
    private static final String SMUGGLED = "GET /h/SMUGGLED HTTP/1.1\r\nHost: gw\r\n\r\n";
    /** Request-body bytes that must never appear in the gateway's log. */
    private static final String SECRET = "BODYSECRET";

    private static final List<HostileCase> CASES = List.of(
            // issue 24, 1: a GET's declared body is forwarded, never read as the next request
            new HostileCase("GET whose Content-Length body is a request, event-stream upstream",
                    "GET /h/get-body HTTP/1.1\r\nHost: gw\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n"
                            + SMUGGLED,
                    RawOrigin.EVENT_STREAM, answered(200, "data: hello"), oneRequest("/h/get-body", SMUGGLED)),
            new HostileCase("a request pipelined after an event stream (its response says Connection: close)",
                    "GET /h/pipelined HTTP/1.1\r\nHost: gw\r\nAccept: text/event-stream\r\n\r\n" + SMUGGLED,
                    RawOrigin.EVENT_STREAM, answered(200, "data: hello"), oneRequest("/h/pipelined", "")),
            // a body read to its end through Helidon keeps the connection: the next request is a real one
            new HostileCase("two POSTs with Content-Length bodies on one kept-alive connection",
                    "POST /h/first HTTP/1.1\r\nHost: gw\r\nContent-Length: 3\r\n\r\none"
                            + "POST /h/second HTTP/1.1\r\nHost: gw\r\nContent-Length: 3\r\n\r\ntwo",
                    RawOrigin.PLAIN, new ClientOutcome(200, 2, Ending.STAYS_OPEN, "ok", null),
                    requests("/h/first", "one", "/h/second", "two")),
            // issue 24, 1 and 2: a malformed chunk is the client's error, and what follows it is not a request
            new HostileCase("a chunk size that is not hex, then a request",
                    "POST /h/bad-chunk HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + SECRET
                            + "\r\n0\r\n\r\n" + SMUGGLED,
                    RawOrigin.EVENT_STREAM, answered(400, "\"error\":\"bad_request_body\""),
                    atMostRequests(1).and(never("SMUGGLED"))),
            // issue 24, 2: chunk extensions are valid (RFC 9112 7.1.1)
            new HostileCase("a chunk with an extension",
                    "POST /h/extension HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n"
                            + "0\r\n\r\n",
                    RawOrigin.EVENT_STREAM, answered(200, "data: hello"), oneRequest("/h/extension", "hello")),
            new HostileCase("a chunked body after Expect: 100-continue",
                    "POST /h/continue HTTP/1.1\r\nHost: gw\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n"
                            + "\r\n2\r\nok\r\n0\r\n\r\n",
                    RawOrigin.EVENT_STREAM, new ClientOutcome(100, 2, Ending.GATEWAY_CLOSES, "data: hello", null),
                    oneRequest("/h/continue", "ok")),
            // issue 24, 5: a line feed in a chunk-size line forges no log line
            new HostileCase("a chunk-size line with a line feed and a forged log line",
                    "POST /h/forged HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n5\nSEVERE: forged "
                            + SECRET + "\r\nhello\r\n0\r\n\r\n",
                    RawOrigin.EVENT_STREAM, answered(400, "\"error\":\"bad_request_body\""), atMostRequests(1)),
            // issue 24, 2: a slow body is the client's (408), not the upstream's
            new HostileCase("a body still arriving at the first-byte deadline",
                    "POST /h/slow HTTP/1.1\r\nHost: gw\r\nContent-Length: 100\r\n\r\n" + SECRET,
                    RawOrigin.EVENT_STREAM, answered(408, "\"error\":\"request_body_timeout\""), atMostRequests(1)),
            // smuggling forms refused before any route sees them
            new HostileCase("Content-Length and Transfer-Encoding together",
                    "POST /h/cl-te HTTP/1.1\r\nHost: gw\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "0\r\n\r\nX",
                    RawOrigin.EVENT_STREAM, answered(400, null), nothing()),
            new HostileCase("two different Content-Lengths",
                    "POST /h/two-cl HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                    RawOrigin.EVENT_STREAM, answered(400, null), nothing()),
            new HostileCase("an obs-folded header",
                    "GET /h/obs-fold HTTP/1.1\r\nHost: gw\r\nX-Folded: a\r\n b\r\n\r\n",
                    RawOrigin.EVENT_STREAM, answered(400, null), nothing()),
            new HostileCase("Transfer-Encoding: xchunked",
                    "POST /h/xchunked HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
                    RawOrigin.EVENT_STREAM, answered(400, null), nothing()),
            new HostileCase("Transfer-Encoding: chunked, identity",
                    "POST /h/te-list HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                    RawOrigin.EVENT_STREAM, answered(400, null), nothing()),
            new HostileCase("a space before the colon of Transfer-Encoding",
                    "POST /h/te-space HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
                    RawOrigin.EVENT_STREAM, answered(400, null), nothing()),
            // issue 24, 2: the four client errors above (passive-health: 3 failures in 60 s eject) ejected nothing
            new HostileCase("after the attacks, the upstream is still in service",
                    "GET /h/after HTTP/1.1\r\nHost: gw\r\nAccept: text/event-stream\r\n\r\n",
                    RawOrigin.EVENT_STREAM, answered(200, "data: hello"), oneRequest("/h/after", "")),
            // issue 24, 3: a plain client (no Accept: text/event-stream) that leaves an endless body without a length
            // closes its upstream connection (the run checks every origin connection ends within its wait)
            new HostileCase("a plain GET that leaves after the head of an endless event stream",
                    "GET /h/endless HTTP/1.1\r\nHost: gw\r\n\r\n",
                    RawOrigin.ENDLESS_EVENT_STREAM, leavesAfterHead(200), oneRequest("/h/endless", "")),
            // ... and the next request goes on a connection of its own and gets its answer
            new HostileCase("a plain GET after it: a new upstream connection and a good answer",
                    "GET /h/after-endless HTTP/1.1\r\nHost: gw\r\n\r\n",
                    RawOrigin.PLAIN, new ClientOutcome(200, 1, Ending.STAYS_OPEN, "ok", null),
                    oneRequest("/h/after-endless", "")),
            // issue 24, 4: interim responses are skipped, the final one relayed; an unasked switch is a 502 (an
            // upstream failure, as a cut body may be: these rows come after the one above and stay under 3)
            new HostileCase("100 Continue and 103 Early Hints before an event stream",
                    "GET /h/interim HTTP/1.1\r\nHost: gw\r\nAccept: text/event-stream\r\n\r\n",
                    RawOrigin.INTERIM_THEN_EVENT_STREAM, answered(200, "data: hello").without("HTTP/1.1 10"),
                    oneRequest("/h/interim", "")),
            new HostileCase("an unasked 101 Switching Protocols",
                    "GET /h/switch HTTP/1.1\r\nHost: gw\r\nAccept: text/event-stream\r\n\r\n",
                    RawOrigin.SWITCHING_PROTOCOLS,
                    new ClientOutcome(502, 1, Ending.STAYS_OPEN, "\"upstream_error\"", null).without("hello"),
                    oneRequest("/h/switch", "")),
            // issue 24, 6: a body cut short by the origin ends the client's connection at once, after what came
            new HostileCase("Content-Length: 100000, 18 bytes, then the origin closes",
                    "GET /h/short HTTP/1.1\r\nHost: gw\r\n\r\n",
                    RawOrigin.SHORT_BODY, answered(200, "\r\n\r\n18 bytes and gone\n"), oneRequest("/h/short", "")));

    @Test
    void everyHostileRequestIsAnsweredAsTheTableSaysWhileHealthyStreamsLoseNothing() throws Exception {
        int port = FreePort.pick();
        try (TestOrigin healthyOrigin = TestOrigin.on("/events").events(TestOrigin::mixed).every(50).start();
             RawOrigin origin = RawOrigin.start()) {
            Files.writeString(work.resolve("hostile.conf"), """
                    server { host = "127.0.0.1", port = %d, shutdown-timeout = 1s }
                    admin { port = 0 }
                    demo-upstream { enabled = false }
                    routes = [
                      { id = "live", path = "/events", upstreams = ["%s"], heartbeat = 30s }
                      { id = "hostile", path = "/h", upstreams = ["%s"], heartbeat = 30s, on-upstream-error = status
                        timeouts { first-byte = 1s }, retries = 0, resume { enabled = false }
                        passive-health { failures = 3, window = 60s, cooldown = 60s } }
                    ]
                    """.formatted(port, healthyOrigin.baseUrl(), origin.baseUrl()));
            RunningGateway gateway = gateways.start(work, List.of("--config", "hostile.conf"),
                                                    ChildEnvironment.withTestJdk(), port);
            try (HealthyStreams healthy = new HealthyStreams(port)) {
                healthy.open(HEALTHY_STREAMS);
                healthy.awaitEachAtLeast(3, START_LIMIT);

                List<String> failures = new ArrayList<>();
                for (HostileCase row : CASES) {
                    long start = System.nanoTime();
                    String failure = run(row, port, origin);
                    System.out.printf("hostile row %-80s %5d ms %s%n", row.name(),
                                      (System.nanoTime() - start) / 1_000_000, failure == null ? "ok" : failure);
                    if (failure != null) {
                        failures.add(row.name() + ": " + failure);
                    }
                }
                int before = healthy.fewest();
                healthy.awaitEachAtLeast(before + 5, Duration.ofSeconds(10));
                String output = gateway.output();

                assertEquals(List.of(), failures, "rows that failed\n" + output);
                assertEquals(List.of(), healthy.problems(), "healthy streams");
                assertTrue(output.lines().noneMatch(l -> l.startsWith("SEVERE")), "a forged log line\n" + output);
                assertTrue(!output.contains(SECRET), "request-body bytes in the log\n" + output);
            }
        }
    }

    /** Sends the row's bytes, reads what comes back, checks both ends; returns what is wrong, or null. */
    private static String run(HostileCase row, int port, RawOrigin origin) throws IOException, InterruptedException {
        origin.next(row.origin());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean sawEnd = false;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(row.request().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            long end = System.nanoTime() + CLIENT_WAIT.toNanos();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (System.nanoTime() < end) {
                if (row.client().ending() == Ending.CLIENT_LEAVES_AFTER_HEAD
                        && received.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    break; // the client leaves
                }
                // a connection that is to stay open: once all its responses are in, half a second of quiet ends it
                boolean allIn = row.client().ending() == Ending.STAYS_OPEN
                        && row.client().responsesIn(received.toByteArray()) >= row.client().responses();
                socket.setSoTimeout((int) (allIn ? QUIET.toMillis()
                        : Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException stillOpen) {
                    break;
                } catch (IOException reset) {
                    n = -1;
                }
                if (n < 0) {
                    sawEnd = true;
                    break;
                }
                received.write(buffer, 0, n);
            }
        }
        int open = origin.awaitEnded(CLIENT_WAIT);
        if (open > 0) {
            return open + " upstream connection(s) still open " + CLIENT_WAIT.toSeconds() + " s after the client's"
                   + " answer (every origin answer here closes its connection)";
        }
        String client = row.client().mismatch(received.toByteArray(), sawEnd);
        if (client != null) {
            return "client: " + client + " in " + received.toString(StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
        }
        String atOrigin = row.received().mismatch(origin.received());
        return atOrigin == null ? null : "origin: " + atOrigin;
    }

    /** Event streams on the healthy route, each checked for every id once, in order, from 1. */
    private static final class HealthyStreams implements AutoCloseable {
        private final int port;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
        private final List<AtomicInteger> lastIds = new ArrayList<>();
        private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

        HealthyStreams(int port) {
            this.port = port;
        }

        void open(int count) {
            for (int i = 0; i < count; i++) {
                AtomicInteger lastId = new AtomicInteger();
                lastIds.add(lastId);
                int stream = i;
                readers.submit(() -> read(stream, lastId));
            }
        }

        private Void read(int stream, AtomicInteger lastId) {
            try {
                HttpResponse<Stream<String>> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/live"))
                                .header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    problems.add("stream " + stream + ": status " + response.statusCode());
                    return null;
                }
                try (Stream<String> lines = response.body()) {
                    lines.filter(l -> l.startsWith("id: ")).forEach(l -> {
                        int id = Integer.parseInt(l.substring(4));
                        int expected = lastId.get() + 1;
                        if (id != expected) {
                            problems.add("stream " + stream + ": id " + id + " after " + lastId.get());
                        }
                        lastId.set(id);
                    });
                }
                problems.add("stream " + stream + " ended after id " + lastId.get());
            } catch (IOException | RuntimeException e) {
                if (!readers.isShutdown()) {
                    problems.add("stream " + stream + " failed after id " + lastId.get() + ": " + e);
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        int fewest() {
            return lastIds.stream().mapToInt(AtomicInteger::get).min().orElse(0);
        }

        void awaitEachAtLeast(int events, Duration limit) throws IOException, InterruptedException {
            Await.until(limit, () -> fewest() >= events || !problems.isEmpty(),
                        () -> "healthy streams stalled: fewest events " + fewest() + ", expected " + events + "; "
                              + problems);
        }

        List<String> problems() {
            return problems;
        }

        @Override
        public void close() {
            readers.shutdownNow();
            client.shutdownNow();
        }
    }
}
