package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The unzipped distribution as a person runs it: bin/sse-gateway with a config, on the JDK running the tests,
 * relaying a real SSE origin on loopback, and stopped with SIGTERM.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GatewayEndToEndIT extends OnTheUnzippedZip {
    private static final Duration START_LIMIT = GatewayProcesses.START_LIMIT;
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final int EVENTS = 6;

    @Test
    void relaysTheOriginsEventsByteForByteAndExitsWith0OnSigterm() throws Exception {
        int port = FreePort.pick();
        try (TestOrigin origin = TestOrigin.on("/events").events(TestOrigin::mixed).every(100).start()) {
            // a config relative to the caller's directory
            writeTestConfig(port, """
                    routes = [
                      { id = "events", path = "/events", upstreams = ["%s"], heartbeat = 30s }
                    ]
                    """.formatted(origin.baseUrl()));
            RunningGateway gateway = gateways.start(work, List.of("--config", "test.conf"),
                                                    ChildEnvironment.withTestJdk(), port);
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<InputStream> response = SseStreams.open(client, port, "/events");
                byte[] expected = expectedEvents();
                byte[] received;
                try (InputStream body = response.body()) {
                    assertEquals(200, response.statusCode(), gateway.output());
                    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                               "Content-Type: " + response.headers().firstValue("Content-Type"));
                    received = body.readNBytes(expected.length);

                    assertEquals(new String(expected, StandardCharsets.UTF_8), new String(received, StandardCharsets.UTF_8),
                                 gateway.output());
                    assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
                }
            }
        }
    }

    @Test
    void theShippedConfigsAdminPortAnswersHealthProbesAndHttp10Checks() throws Exception {
        ShippedConfig shipped = ShippedConfig.withFreePorts(distribution, Files.createDirectories(work.resolve("s")));
        RunningGateway gateway = startGateway(shipped.file(), shipped.port());
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String probe : List.of("/live", "/ready", "/started")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + shipped.adminPort() + "/observe/health" + probe)).build(),
                                                             HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), probe + ": " + response.body() + gateway.output());
                assertTrue(response.body().startsWith("{\"status\":\"UP\""), probe + ": " + response.body());
            }
            // HAProxy's option httpchk GET /observe/health/ready: HTTP/1.0, no Host
            try (Socket socket = new Socket("127.0.0.1", shipped.adminPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("GET /observe/health/ready HTTP/1.0\r\n\r\n"
                                                       .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
                assertTrue(answer.contains("\r\nConnection: close\r\n") && answer.contains("\"status\":\"UP\""),
                           answer);
            }
            assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
        }
    }

    @Test
    void exitsWith2AndNamesEachBadPathWhenTheConfigIsInvalid() throws Exception {
        Path config = work.resolve("invalid.conf");
        Files.writeString(config, """
                server { port = "eighty" }
                demo-upstream { enabled = false }
                routes = [
                  { id = "events", path = "/events", upstreams = ["http://127.0.0.1:9"], heartbeat = "soon" }
                ]
                """);
        RunningGateway gateway = startGateway(config);
        assertEquals(2, gateway.awaitExit(START_LIMIT), gateway.output());
        String stderr = gateway.stderr();
        assertTrue(stderr.contains("server.port"), "names server.port\n" + gateway.output());
        assertTrue(stderr.contains("routes[0].heartbeat"), "names routes[0].heartbeat\n" + gateway.output());
    }

    @Test
    void theShippedConfigRelaysTheDemoUpstreamWithTheBuiltInPluginsAndCountsItOnTheAdminPort() throws Exception {
        ShippedConfig shipped = ShippedConfig.withFreePorts(distribution, work);
        int port = shipped.port();

        RunningGateway gateway = startGateway(shipped.file(), port);
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = SseStreams.open(client, port, "/events");
            try (InputStream body = response.body()) {
                assertEquals(200, response.statusCode(), gateway.output());
                List<String> event = SseStreams.nextEvent(body);
                assertTrue(event.stream().anyMatch(line -> line.startsWith("id:")), "an id: " + event);
                assertTrue(event.stream().anyMatch(line -> line.startsWith("data:")
                                   && line.substring("data:".length()).strip().startsWith("{")),
                           "JSON data: " + event);

                String admin = "http://127.0.0.1:" + shipped.adminPort();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(admin + "/observe/health"))
                                                                  .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
                assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
                String metrics = client.send(HttpRequest.newBuilder(URI.create(admin + "/observe/metrics")).build(),
                                             HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metrics.lines().anyMatch(line -> line.startsWith("sse_gateway_streams_opened_total{")
                                   && line.contains("route=\"events\"") && line.endsWith(" 1.0")),
                           "the metrics monitor is on in the shipped config:\n" + metrics);
                assertTrue(metrics.lines().anyMatch(line -> line.startsWith("sse_gateway_streams_open{")
                                   && line.contains("route=\"events\"") && line.endsWith(" 1.0")), metrics);
                assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
            }
            String log = gateway.output();
            assertTrue(log.contains("plugin monitor 'metrics' loaded from plugins/monitor-metrics"), log);
            assertTrue(log.contains("route events: /events -> [http://127.0.0.1:" + shipped.demoPort() + "], plugins: "
                                    + "balancer=least-streams, monitor=access-log, monitor=metrics"), log);
            assertTrue(log.contains("admin on http://127.0.0.1:" + shipped.adminPort()), log);
        }
    }

    /** An operator adds a route to the shipped config, naming no monitors: it gets the meters of route-defaults. */
    @Test
    void aRouteAddedToTheShippedConfigGetsItsMetersFromRouteDefaults() throws Exception {
        ShippedConfig shipped = ShippedConfig.withFreePorts(distribution, work);
        Files.writeString(shipped.file(), """

                routes += { id = "added", path = "/added", upstreams = ["http://127.0.0.1:%d"], strip-prefix = true }
                """.formatted(shipped.demoPort()), java.nio.file.StandardOpenOption.APPEND);
        RunningGateway gateway = startGateway(shipped.file(), shipped.port());
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = SseStreams.open(client, shipped.port(), "/added/events");
            try (InputStream body = response.body()) {
                assertEquals(200, response.statusCode(), gateway.output());
                assertTrue(SseStreams.nextEvent(body).stream().anyMatch(line -> line.startsWith("data:")),
                           gateway.output());
                String metrics = client.send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + shipped.adminPort() + "/observe/metrics")).build(),
                                             HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metrics.lines().anyMatch(line -> line.startsWith("sse_gateway_streams_open{")
                                   && line.contains("route=\"added\"") && line.endsWith(" 1.0")),
                           "the added route's meters:\n" + metrics);
            }
            assertTrue(gateway.output().contains("route added: /added -> [http://127.0.0.1:" + shipped.demoPort()
                                                 + "], plugins: balancer=least-streams, monitor=access-log,"
                                                 + " monitor=metrics"), gateway.output());
            assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
        }
    }

    @Test
    void helidonSettingsInTheEnvironmentOrSystemPropertiesDoNotTurnTheAdminMetricsOff() throws Exception {
        // Helidon's default global config reads the environment and the system properties; the gateway's must not
        ShippedConfig shipped = ShippedConfig.withFreePorts(distribution, work);
        Map<String, String> env = ChildEnvironment.withTestJdk();
        env.put("METRICS_ENABLED", "false");
        env.put("JAVA_OPTS", "-Dmetrics.enabled=false");
        RunningGateway gateway = gateways.start(work, List.of("--config", shipped.file().toString()), env,
                                                shipped.port());
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shipped.adminPort() + "/observe/metrics"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), metrics.body() + "\n" + gateway.output());
            assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("sse_gateway_streams_open{")
                               && line.contains("route=\"events\"")), metrics.body());
            assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
        }
    }

    private static byte[] expectedEvents() {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        for (int n = 1; n <= EVENTS; n++) {
            events.writeBytes(TestOrigin.mixed(n));
        }
        return events.toByteArray();
    }
}
