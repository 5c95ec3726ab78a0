package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
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
 * The launcher's AOT cache on a real Java 25+: the first start of the shipped config records it and the JVM writes
 * it while exiting; the next start runs from it and relays the demo origin's events as before. Skipped on older Javas.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AotCacheIT extends OnTheUnzippedZip {
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    /** The first exit also assembles the cache: several seconds on 2 cores. */
    private static final Duration FIRST_STOP_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    @Test
    void theFirstStartRecordsTheCacheAndTheNextOneStartsFromIt() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs Java 25; the tests run on "
                   + Runtime.version());
        Path cacheDir = work.resolve("cache");
        Map<String, String> env = ChildEnvironment.withTestJdk();
        env.remove("SSE_GATEWAY_AOT");
        env.put("SSE_GATEWAY_CACHE_DIR", cacheDir.toString());

        relayOneEventAndStop(env, "first", FIRST_STOP_LIMIT);
        List<Path> caches;
        try (var files = Files.list(cacheDir)) {
            caches = files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList();
        }
        assertEquals(1, caches.size(), "one cache for this JVM build: " + caches);
        assertTrue(Files.size(caches.get(0)) > 1_000_000, "a recorded cache: " + Files.size(caches.get(0)) + " bytes");

        List<String> jvmArguments = relayOneEventAndStop(env, "second", STOP_LIMIT);
        assertTrue(jvmArguments.contains("-XX:AOTCache=" + caches.get(0)), "the JVM runs from it: " + jvmArguments);
    }

    /** Starts the shipped config, reads one event through it, stops it; returns the JVM's arguments. */
    private List<String> relayOneEventAndStop(Map<String, String> env, String name, Duration stopLimit)
            throws Exception {
        ShippedConfig shipped = ShippedConfig.withFreePorts(distribution, Files.createDirectories(work.resolve(name)));
        try (RunningGateway gateway = RunningGateway.start(distribution.script(),
                                                           List.of("--config", shipped.file().toString()), env,
                                                           work, work.resolve(name + "-logs"));
             HttpClient client = HttpClient.newHttpClient()) {
            gateway.awaitPort(shipped.port(), START_LIMIT);
            List<String> arguments = gateway.jvmArguments();
            HttpResponse<InputStream> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shipped.port() + "/events"))
                            .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                assertEquals(200, response.statusCode(), gateway.output());
                String text = new String(body.readNBytes(64), StandardCharsets.UTF_8);
                assertTrue(text.contains("data:") || text.contains("id:"), "an event: " + text + gateway.output());
            }
            assertEquals(0, gateway.terminate(stopLimit), "exit status after SIGTERM\n" + gateway.output());
            return arguments;
        }
    }
}
