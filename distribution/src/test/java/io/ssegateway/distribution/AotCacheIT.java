package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The launcher's AOT cache on a real Java 25+: the first start of the shipped config records it and the launcher
 * writes it after the clean stop, saying so in one line (the JVM's own progress lines and class path stay off the
 * console); the next start runs from it and relays the demo origin's events as before. Skipped on older Javas.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AotCacheIT extends OnTheUnzippedZip {
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

        Run first = relayOneEventAndStop(env, "first", FIRST_STOP_LIMIT);
        List<Path> caches;
        try (var files = Files.list(cacheDir)) {
            caches = files.toList();
        }
        assertEquals(1, caches.size(), "one cache for this JVM build, nothing else left: " + caches);
        assertTrue(caches.get(0).getFileName().toString().endsWith(".aot"), caches.toString());
        assertTrue(Files.size(caches.get(0)) > 1_000_000, "a recorded cache: " + Files.size(caches.get(0)) + " bytes");
        List<String> aboutTheCache = first.console().stream()
                .filter(line -> line.toLowerCase(Locale.ROOT).contains("cache") || line.contains("AOT")).toList();
        assertEquals(List.of("sse-gateway: start-up cache written to " + caches.get(0) + " (later starts use it)"),
                     aboutTheCache, "one line about the cache, with its path:\n" + first.output());
        assertTrue(first.console().stream().noneMatch(line -> line.contains("JAVA_TOOL_OPTIONS")
                           || line.contains("java.class.path") || line.length() > 500),
                   "no class path dump:\n" + first.output());

        Run second = relayOneEventAndStop(env, "second", STOP_LIMIT);
        assertTrue(second.jvmArguments().contains("-XX:AOTCache=" + caches.get(0)),
                   "the JVM runs from it: " + second.jvmArguments());
        assertTrue(second.console().stream().noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("cache")),
                   "nothing about the cache on a start that uses it:\n" + second.output());
    }

    /** One run: the JVM's arguments, and what it printed (stdout and stderr lines) once it had stopped. */
    private record Run(List<String> jvmArguments, List<String> console, String output) {
    }

    /** Starts the shipped config, reads one event through it, stops it. */
    private Run relayOneEventAndStop(Map<String, String> env, String name, Duration stopLimit)
            throws Exception {
        Path runWork = Files.createDirectories(work.resolve(name));
        ShippedConfig shipped = ShippedConfig.withFreePorts(distribution, runWork);
        RunningGateway gateway = gateways.start(runWork, List.of("--config", shipped.file().toString()), env,
                                                shipped.port());
        try (HttpClient client = HttpClient.newHttpClient()) {
            List<String> arguments = gateway.jvmArguments();
            HttpResponse<InputStream> response = SseStreams.open(client, shipped.port(), "/events");
            try (InputStream body = response.body()) {
                assertEquals(200, response.statusCode(), gateway.output());
                String text = new String(body.readNBytes(64), StandardCharsets.UTF_8);
                assertTrue(text.contains("data:") || text.contains("id:"), "an event: " + text + gateway.output());
            }
            assertEquals(0, gateway.terminate(stopLimit), "exit status after SIGTERM\n" + gateway.output());
            return new Run(arguments, gateway.console(), gateway.output());
        }
    }
}
