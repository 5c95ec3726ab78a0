package io.ssegateway.distribution;

import static io.ssegateway.distribution.SseStreams.data;
import static io.ssegateway.distribution.SseStreams.nextEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plugins over real HTTP through the unzipped distribution: a third-party plugin dropped into plugins/ (the
 * example {@code redact} transform with its bundled Jackson), the built-in {@code bearer} auth and the built-in
 * {@code least-streams}, {@code round-robin} and {@code hash} balancers over three live upstreams.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PluginsEndToEndIT extends OnTheUnzippedZip {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final Duration ORIGIN_LIMIT = Duration.ofSeconds(10);
    private static final String TOKEN = "e2e-token-4f1c";

    /** What a test opened besides the gateway (origins, streams), closed after it: {@link #closeAfterTheTest}. */
    private final List<AutoCloseable> afterTheTest = new ArrayList<>();

    @BeforeAll
    static void dropInTheExamplePlugin() throws IOException {
        Path built = Path.of(System.getProperty("sse.gateway.example.plugin.dir", "(sse.gateway.example.plugin.dir unset)"));
        Path jar = built.resolve("sse-gateway-plugin-example-redact.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build plugins/example-redact (`mvn package`) first");
        }
        Path folder = Files.createDirectories(distribution.home().resolve("plugins/example-redact"));
        try (Stream<Path> jars = Files.list(built)) {
            for (Path each : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.copy(each, folder.resolve(each.getFileName()));
            }
        }
    }

    @Test
    void aDroppedInPluginRedactsTheChosenFieldOfALiveStreamAndLeavesTheOthers() throws Exception {
        int port = FreePort.pick();
        try (TestOrigin origin = TestOrigin.on("/events").events(TestOrigin.ticks(
                n -> "{\"n\":" + n + ",\"user\":\"ann\",\"password\":\"hunter" + n + "\",\"ssn\":\"078-05-1120\"}"))
                .every(50).start()) {
            Path config = writeConfig(port, """
                    { id = "logins", path = "/events", upstreams = ["%s"]
                      transforms = [ { type = "redact", fields = ["password"] } ] }
                    """.formatted(origin.baseUrl()));
            RunningGateway gateway = startGateway(config, port);
            try (HttpClient client = client()) {
                HttpResponse<InputStream> response = client.send(stream(port).build(),
                                                                 HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    assertEquals(200, response.statusCode(), gateway.output());
                    for (int n = 1; n <= 3; n++) {
                        List<String> event = nextEvent(body);
                        assertTrue(event.contains("id: " + n) || event.contains("id:" + n), "id " + n + ": " + event);
                        assertEquals(List.of("{\"n\":" + n + ",\"user\":\"ann\",\"password\":\"***\","
                                                     + "\"ssn\":\"078-05-1120\"}"),
                                     data(event), gateway.output());
                    }
                }
                assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
            }
        }
    }

    @Test
    void bearerAuthChallengesRefusesAndAdmitsWithoutPassingTheTokenUpstream() throws Exception {
        int port = FreePort.pick();
        try (TestOrigin origin = TestOrigin.on("/events").every(50).start()) {
            Path config = writeConfig(port, """
                    { id = "private", path = "/events", upstreams = ["%s"]
                      auth { type = "bearer", tokens = ["%s:alice"] } }
                    """.formatted(origin.baseUrl(), TOKEN));
            RunningGateway gateway = startGateway(config, port);
            try (HttpClient client = client()) {
                HttpResponse<String> none = client.send(stream(port).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, none.statusCode(), gateway.output());
                String challenge = none.headers().firstValue("WWW-Authenticate").orElse("");
                assertTrue(challenge.startsWith("Bearer"), "WWW-Authenticate: " + challenge);

                HttpResponse<String> wrong = client.send(stream(port).header("Authorization", "Bearer not-" + TOKEN)
                                                                 .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, wrong.statusCode(), gateway.output());
                assertEquals(0, origin.requests().size(), "a refused request must not reach the origin");

                HttpResponse<InputStream> right = client.send(stream(port).header("Authorization", "Bearer " + TOKEN)
                                                                      .build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = right.body()) {
                    assertEquals(200, right.statusCode(), gateway.output());
                    assertEquals(List.of("{\"n\":1}"), data(nextEvent(body)), gateway.output());
                }
                List<Map<String, List<String>>> requests = origin.requests();
                assertEquals(1, requests.size(), "requests at the origin: " + requests);
                assertFalse(requests.getFirst().containsKey("authorization"),
                            "the origin got an Authorization header; it got: " + requests.getFirst().keySet());
                assertFalse(gateway.output().contains(TOKEN), "the token appears in the gateway's output");
                assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
            }
        }
    }

    @Test
    void leastStreamsSpreadsSixOpenStreamsTwoToEachOfThreeUpstreams() throws Exception {
        int port = FreePort.pick();
        List<TestOrigin> origins = startOrigins(3);
        List<InputStream> open = new ArrayList<>();
        afterTheTest.add(() -> closeAll(open)); // closed before the origins
        RunningGateway gateway = startBalanced(port, "spread", origins, "type = \"least-streams\"");
        try (HttpClient client = client()) {
            for (int i = 1; i <= 6; i++) {
                HttpResponse<InputStream> response = client.send(stream(port).build(),
                                                                 HttpResponse.BodyHandlers.ofInputStream());
                open.add(response.body());
                assertEquals(200, response.statusCode(), gateway.output());
                assertEquals(List.of("{\"n\":1}"), data(nextEvent(response.body())), "stream " + i);
            }
            for (TestOrigin origin : origins) {
                origin.awaitRequests(2, ORIGIN_LIMIT);
            }
            assertEquals(List.of(2, 2, 2), origins.stream().map(o -> o.requests().size()).toList(),
                         "streams per upstream\n" + gateway.output());
            closeAll(open);
            assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
        }
    }

    @Test
    void aJwtStreamIsClosedWhenItsTokenExpiresWithARetryHint() throws Exception {
        int port = FreePort.pick();
        String secret = "an-hmac-secret-of-at-least-32-bytes-e2e";
        try (TestOrigin origin = TestOrigin.on("/events").every(200).start()) {
            Path config = writeConfig(port, """
                    { id = "tokens", path = "/events", upstreams = ["%s"]
                      auth { type = "jwt", secret = "%s", leeway = 0s } }
                    """.formatted(origin.baseUrl(), secret));
            RunningGateway gateway = startGateway(config, port);
            try (HttpClient client = client()) {
                // a first token, valid for long, warms the route up (a cold JVM on a busy machine takes seconds)
                String warm = hs256(secret, "{\"sub\":\"ann\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600)
                        + "}");
                assertEquals(200, landingStatus(client, stream(port).header("Authorization", "Bearer " + warm).build()),
                             gateway.output());
                long expSeconds = System.currentTimeMillis() / 1000 + 4;
                String token = hs256(secret, "{\"sub\":\"ann\",\"exp\":" + expSeconds + "}");
                HttpResponse<InputStream> response = client.send(
                        stream(port).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, response.statusCode(), gateway.output());
                String body;
                try (InputStream in = response.body()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                long closedAtMillis = System.currentTimeMillis();
                assertTrue(body.startsWith("id: 1\n") && body.endsWith("}\n\nretry: 3000\n\n"),
                           "ends after a whole event with a retry hint: " + body);
                assertTrue(closedAtMillis >= expSeconds * 1000 && closedAtMillis < expSeconds * 1000 + 2000,
                           "closed at " + closedAtMillis + ", exp " + expSeconds + "000");
                assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
            }
        }
    }

    /** The status of a stream request, whose body is then closed. */
    private static int landingStatus(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    /** A JWT signed with HS256: base64url(header).base64url(claims).base64url(HMAC-SHA256). */
    private static String hs256(String secret, String claims) throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Picks and opens are apart by the upstream's answer time; a balancer that counted only opened streams sent
     * nearly all of a burst to the upstream slowest to answer, still counted empty (seen: 28 of 30).
     */
    @Test
    void leastStreamsSpreadsThreeHundredSimultaneousStreamsEvenlyThoughOneUpstreamAnswersSlowly() throws Exception {
        int port = FreePort.pick();
        List<TestOrigin> origins = startOrigins(2);
        origins.add(closeAfterTheTest(TestOrigin.on("/events").every(200).headDelay(Duration.ofMillis(400)).start()));
        List<InputStream> open = new ArrayList<>();
        afterTheTest.add(() -> closeAll(open)); // closed before the origins
        RunningGateway gateway = startBalanced(port, "burst", origins, "type = \"least-streams\"");
        try (HttpClient client = client()) {
            List<CompletableFuture<HttpResponse<InputStream>>> responses = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                responses.add(client.sendAsync(stream(port).build(), HttpResponse.BodyHandlers.ofInputStream()));
            }
            for (CompletableFuture<HttpResponse<InputStream>> response : responses) {
                HttpResponse<InputStream> answered = response.get(30, TimeUnit.SECONDS);
                open.add(answered.body());
                assertEquals(200, answered.statusCode(), gateway.output());
            }
            List<Integer> landed = origins.stream().map(o -> o.requests().size()).toList();
            assertEquals(300, landed.stream().mapToInt(Integer::intValue).sum(), "requests " + landed);
            for (int count : landed) {
                assertTrue(Math.abs(count - 100) <= 5, "streams per upstream (the last answers slowly): "
                        + landed + "\n" + gateway.output());
            }
            closeAll(open);
            assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
        }
    }

    @Test
    void roundRobinHandsSixSequentialStreamsToThreeUpstreamsInListOrder() throws Exception {
        int port = FreePort.pick();
        List<TestOrigin> origins = startOrigins(3);
        RunningGateway gateway = startBalanced(port, "turns", origins, "type = \"round-robin\"");
        try (HttpClient client = client()) {
            List<Integer> landed = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                landed.add(landingOf(client, stream(port).build(), origins, gateway));
            }
            int first = landed.getFirst();
            assertEquals(List.of(first, (first + 1) % 3, (first + 2) % 3, first, (first + 1) % 3, (first + 2) % 3),
                         landed, "upstream index of each stream in turn\n" + gateway.output());
            assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
        }
    }

    /**
     * The ring is built from the upstream URLs, whose ports are random, so no fixed set of three tenants is sure to
     * spread; twelve tenants all landing on one of three upstreams by chance is about one run in 177,000, while a
     * balancer that ignored the header (hashing the one client IP) would put them all on one every time.
     */
    @Test
    void hashOnATenantHeaderKeepsEachTenantOnOneUpstreamAndSpreadsTenants() throws Exception {
        int port = FreePort.pick();
        List<String> tenants = IntStream.rangeClosed(1, 12).mapToObj(n -> "tenant-" + n).toList();
        List<TestOrigin> origins = startOrigins(3);
        RunningGateway gateway = startBalanced(port, "sticky", origins,
                                               "type = \"hash\", key = \"header\", name = \"X-Tenant\"");
        try (HttpClient client = client()) {
            Map<String, Set<Integer>> landed = new TreeMap<>();
            for (int round = 0; round < 5; round++) {
                for (String tenant : tenants) {
                    HttpRequest request = stream(port).header("X-Tenant", tenant).build();
                    landed.computeIfAbsent(tenant, t -> new TreeSet<>())
                            .add(landingOf(client, request, origins, gateway));
                }
            }
            for (String tenant : tenants) {
                assertEquals(1, landed.get(tenant).size(), tenant + " landed on upstreams " + landed.get(tenant)
                        + " over 5 streams\n" + gateway.output());
            }
            Set<Integer> used = new TreeSet<>();
            landed.values().forEach(used::addAll);
            assertTrue(used.size() > 1, "all tenants landed on one upstream: " + landed + "\n" + gateway.output());
            assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
        }
    }

    /** Closes each of {@code resources} (again, if the test already did). */
    private static void closeAll(List<? extends AutoCloseable> resources) throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    /** Starts {@code count} origins whose event {@code n} carries {"n":n}, every 200 ms; closed after the test. */
    private List<TestOrigin> startOrigins(int count) throws IOException {
        List<TestOrigin> origins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            origins.add(closeAfterTheTest(TestOrigin.on("/events").every(200).start()));
        }
        return origins;
    }

    /** Starts the gateway on {@code port} with one route {@code /events} over the origins, with this balancer. */
    private RunningGateway startBalanced(int port, String routeId, List<TestOrigin> origins, String balancer)
            throws IOException, InterruptedException {
        Path config = writeConfig(port, """
                { id = "%s", path = "/events", upstreams = [%s]
                  balancer { %s } }
                """.formatted(routeId, upstreams(origins), balancer));
        return startGateway(config, port);
    }

    /** Closes {@code resource} after the test (also when it failed), last opened first. */
    private <T extends AutoCloseable> T closeAfterTheTest(T resource) {
        afterTheTest.add(resource);
        return resource;
    }

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        for (int i = afterTheTest.size() - 1; i >= 0; i--) {
            afterTheTest.get(i).close();
        }
        afterTheTest.clear();
    }

    /** The origins' URLs as the items of a HOCON list. */
    private static String upstreams(List<TestOrigin> origins) {
        return origins.stream().map(o -> '"' + o.baseUrl() + '"').collect(Collectors.joining(", "));
    }

    /**
     * Opens one stream, reads its first event, closes it, and returns the index of the origin it reached: the one
     * origin whose request count went up (a stream's request reaches its origin before its first event comes back).
     */
    private static int landingOf(HttpClient client, HttpRequest request, List<TestOrigin> origins,
                                 RunningGateway gateway) throws IOException, InterruptedException {
        List<Integer> before = origins.stream().map(o -> o.requests().size()).toList();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertEquals(200, response.statusCode(), gateway.output());
            assertEquals(List.of("{\"n\":1}"), data(nextEvent(body)), gateway.output());
        }
        List<Integer> grew = IntStream.range(0, origins.size())
                .filter(i -> origins.get(i).requests().size() > before.get(i)).boxed().toList();
        assertEquals(1, grew.size(), "origins whose request count went up for one stream: " + grew);
        return grew.getFirst();
    }

    private Path writeConfig(int port, String route) throws IOException {
        return writeTestConfig(port, "routes = [\n" + route + "]\n");
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest.Builder stream(int port) {
        return SseStreams.request(port, "/events");
    }
}
