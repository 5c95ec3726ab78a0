package io.ssegateway.gateway.plugin;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.ConfigLoader;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;
import io.ssegateway.gateway.reload.ConfigSource;
import io.ssegateway.gateway.route.PluginInstance;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin instances are closed once each: when a real gateway stops after its streams drained, or fails to start. */
@Timeout(60)
class PluginCloseTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Logger CLOSE_LOG = Logger.getLogger(PluginInstance.class.getName());

    @TempDir
    static Path build;
    private static Path pluginJar;

    @TempDir
    Path home;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final HelidonGatewayMetrics metrics = HelidonGatewayMetrics.isolated();
    /** Route ids unique to each test: the counters of one test's isolated registry were seen in the next one's. */
    private final String a = "a" + RUNS.incrementAndGet();
    private final String b = "b" + RUNS.get();
    private TestOrigin origin;

    @BeforeAll
    static void compileThePlugins() throws Exception {
        pluginJar = PluginJars.closeCountingPlugins(build.resolve("closing.jar")); // compiling takes seconds: once
    }

    @AfterEach
    void tearDown() throws Exception {
        CLOSE_LOG.removeHandler(capture);
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void everyInstanceIsClosedOnceWhenTheGatewayStopsAfterItsStreamsDrained() throws Exception {
        origin = new TestOrigin();
        CLOSE_LOG.addHandler(capture);
        Map<String, RoutePlugins> plugins = build(settings(0));
        Gateway gateway = Gateway.start(settings(0), new RouteFactory(plugins), metrics);
        try (RawClient client = RawClient.get(gateway.port(), "/a", "Accept: text/event-stream")) {
            origin.next().startEventStream().send("data: x\n\n");
            assertEquals("data: x\n\n", client.readUntil("data: x\n\n", WAIT));
            assertEquals(0, closed(a, "close-count", "transform"), "nothing is closed while the gateway runs");

            gateway.close(); // drains the open stream first
        }
        gateway.close(); // a second stop closes nothing again

        assertEquals(1, closed(a, "close-count", "auth"));
        assertEquals(1, closed(a, "close-count", "balancer"));
        assertEquals(2, closed(a, "close-count", "transform"), "two instances of one plugin, each closed");
        assertEquals(1, closed(a, "close-throws", "transform"));
        assertEquals(1, closed(a, "close-count", "monitor"));
        assertEquals(1, closed(b, "close-count", "transform"), "a plugin that threw did not stop the rest");
        for (String route : List.of(a, b)) {
            for (String kind : List.of("auth", "balancer", "transform", "monitor")) {
                assertEquals(0, count("test.closed.again", route, "close-count", kind), route + " " + kind);
                assertEquals(0, count("test.closed.streaming", route, "close-count", kind), route + " " + kind);
            }
        }
        List<LogRecord> failures = logged.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
        assertEquals(1, failures.size(), () -> "one close failed: " + logged.stream().map(LogRecord::getMessage).toList());
        assertEquals("route " + a + ": transform plugin 'close-throws' failed to close; the other plugins are closed all the"
                     + " same", failures.get(0).getMessage());
        assertEquals("the disk is gone", failures.get(0).getThrown().getMessage());
    }

    @Test
    void aGatewayStartedFromAConfigFileClosesItsRoutesAndItsChannelsPublishPluginsAtTheStop() throws Exception {
        origin = new TestOrigin();
        installPlugins();
        Path conf = Files.writeString(Files.createDirectories(home.resolve("conf")).resolve("gateway.conf"), """
                server { host = "127.0.0.1", port = 0, shutdown-timeout = 2s }
                admin { enabled = false }
                demo-upstream { enabled = false }
                drain { window = 100ms }
                routes = [ { id = "%s", path = "/a", upstreams = ["%s"], transforms = [ { type = close-count } ] } ]
                channels = [ { id = "%s", path = "/b", publish { auth { type = close-count } } } ]
                """.formatted(a, origin.url(), b));
        Gateway gateway = Gateway.start(new ConfigSource(conf, home, Map.of()), metrics);
        assertEquals(0, closed(b, "close-count", "auth"), "nothing is closed while the gateway runs");

        gateway.close();

        assertEquals(1, closed(a, "close-count", "transform"), "the route's plugin");
        assertEquals(1, closed(b, "close-count", "auth"), "the channel's publish auth");
    }

    @Test
    void aPluginThatHangsInCloseIsLeftBehindWithinTheShutdownBoundAndTheOthersClose() throws Exception {
        origin = new TestOrigin();
        CLOSE_LOG.addHandler(capture);
        installPlugins();
        GatewaySettings settings = ConfigLoader.loadString("""
                server { host = "127.0.0.1", port = 0, shutdown-timeout = 1s }
                admin { enabled = false }
                demo-upstream { enabled = false }
                drain { window = 100ms }
                routes = [ { id = "%s", path = "/a", upstreams = ["%s"]
                             transforms = [ { type = close-hangs }, { type = close-count } ] } ]
                """.formatted(a, origin.url()), home, Map.of());
        Gateway gateway = Gateway.start(settings, new RouteFactory(
                RoutePluginsBuilder.build(PluginLoader.load(settings.pluginsDir()), settings, metrics)), metrics);

        long started = System.nanoTime();
        gateway.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "stopped within drain.window + shutdown-timeout: " + took);
        assertEquals(1, closed(a, "close-hangs", "transform"), "its close() was called");
        assertEquals(1, closed(a, "close-count", "transform"), "the other instance closed");
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                           && r.getMessage().endsWith("left behind: route " + a + ": transform plugin 'close-hangs'")),
                   () -> logged.stream().map(LogRecord::getMessage).toList().toString());
    }

    @Test
    void theInstancesAreClosedWhenTheGatewayCannotStart() throws Exception {
        origin = new TestOrigin();
        Map<String, RoutePlugins> plugins = build(settings(0));
        // the origin's port is taken, so the gateway cannot listen there
        assertThrows(IllegalStateException.class,
                     () -> Gateway.start(settings(origin.port()), new RouteFactory(plugins), metrics));

        assertEquals(2, closed(a, "close-count", "transform"));
        assertEquals(1, closed(a, "close-count", "monitor"));
        assertEquals(1, closed(b, "close-count", "transform"));
    }

    @Test
    void theInstancesMadeAreClosedWhenAnotherPluginsConfigIsInvalid() throws Exception {
        origin = new TestOrigin();
        installPlugins();
        GatewaySettings settings = ConfigLoader.loadString("""
                demo-upstream { enabled = false }
                routes = [ { id = "%s", path = "/a", upstreams = ["%s"]
                             transforms = [ { type = close-count }, { type = close-count, unknown-key = 1 } ] } ]
                """.formatted(a, origin.url()), home, Map.of());

        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> RoutePluginsBuilder.build(PluginLoader.load(settings.pluginsDir()), settings, metrics));

        assertTrue(e.problems().get(0).startsWith("routes[0].transforms[1].unknown-key: unknown key"),
                   e.problems().toString());
        assertEquals(2, closed(a, "close-count", "transform"), "both instances were made, both are closed");
    }

    private Map<String, RoutePlugins> build(GatewaySettings settings) throws Exception {
        installPlugins();
        return RoutePluginsBuilder.build(PluginLoader.load(settings.pluginsDir()), settings, metrics);
    }

    private void installPlugins() throws Exception {
        Files.copy(pluginJar, Files.createDirectories(home.resolve("plugins")).resolve("closing.jar"));
    }

    private GatewaySettings settings(int port) {
        return ConfigLoader.loadString("""
                server { host = "127.0.0.1", port = %d, shutdown-timeout = 2s }
                admin { enabled = false }
                demo-upstream { enabled = false }
                drain { window = 100ms }
                routes = [
                  { id = "%s", path = "/a", upstreams = ["%s"]
                    auth { type = close-count }
                    balancer { type = close-count }
                    transforms = [ { type = close-count }, { type = close-throws }, { type = close-count } ]
                    monitors = [ { type = close-count } ] }
                  { id = "%s", path = "/b", upstreams = ["%s"], transforms = [ { type = close-count } ] }
                ]
                """.formatted(port, a, origin.url(), b, origin.url()), home, Map.of());
    }

    private long closed(String route, String plugin, String kind) {
        return count("test.closed", route, plugin, kind);
    }

    private long count(String meter, String route, String plugin, String kind) {
        return metrics.counter(meter, meter, "route", route, "plugin", plugin, "kind", kind).count();
    }
}
