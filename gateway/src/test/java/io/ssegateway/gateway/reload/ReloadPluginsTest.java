package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.demo.DemoUpstream;
import io.ssegateway.gateway.observe.ReloadState;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.EventStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ssegateway.gateway.reload.ReloadStreamsTest.assertConsecutive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin jars replaced while streams run, and what a hundred reloads leave behind. */
class ReloadPluginsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GREETING_CLASS = "com/example/lib/Greeting.class";

    @TempDir
    Path dir;

    private static String config(String upstream, int heartbeat) {
        return ReloadHome.config("routes = [\n"
                + ReloadHome.route("greet", "/greet", upstream, "heartbeat = " + heartbeat
                                   + "s, transforms = [{ type = \"greet\" }]") + "]\n");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aJarSwappedUnderLoadServesNewStreamsWhileOpenOnesKeepTheOldAndItsLoaderClosesAfterThem()
            throws Exception {
        try (DemoUpstream a = DemoUpstream.start(0); ReloadHome home = new ReloadHome(dir)) {
            Path greet = home.plugins.resolve("greet");
            TestPlugins.copy("greet.jar", greet);
            TestPlugins.copy("lib-v1.jar", greet, "lib.jar");
            Gateway gateway = home.start(config("http://127.0.0.1:" + a.port(), 15));
            List<EventStreamReader> open = ReloadStreamsTest.open(gateway.port(), "/greet/events?interval=50", 30);
            for (EventStreamReader s : open) {
                s.awaitId("2", WAIT);
                assertTrue(s.text().contains("|v1\n"), s.text());
            }
            List<ClassLoader> before = gateway.reloader().pluginClassLoaders();
            assertEquals(1, before.size());
            WeakReference<ClassLoader> old = new WeakReference<>(before.getFirst());
            before = null;

            TestPlugins.copy("lib-v2.jar", greet, "lib.jar"); // the library swapped under load
            ReloadState state = gateway.reload("test");
            assertEquals("applied", state.last().orElseThrow().outcome(), state.describe());
            try (EventStreamReader fresh = EventStreamReader.open(gateway.port(), "/greet/events?interval=50")
                    .start()) {
                fresh.awaitId("2", WAIT);
                assertTrue(fresh.text().contains("|v2\n") && !fresh.text().contains("|v1\n"), fresh.text());
            }
            List<Integer> seen = open.stream().map(s -> s.ids().size()).toList();
            for (int i = 0; i < open.size(); i++) {
                open.get(i).awaitId(String.valueOf(seen.get(i) + 3), WAIT);
            }
            for (EventStreamReader s : open) {
                assertFalse(s.ended());
                assertConsecutive(s.ids());
                assertFalse(s.text().contains("|v2\n"), "an open stream keeps the instance of the jar it started with");
            }
            assertEquals(2, gateway.reloader().pluginClassLoaders().size(), "the old jar's loader is still in use");
            assertNotNull(old.get().getResource(GREETING_CLASS));
            for (EventStreamReader s : open) {
                s.close();
            }
            Await.until(WAIT, () -> gateway.reloader().pluginClassLoaders().size() == 1
                            && !gateway.reloader().pluginClassLoaders().contains(old.get()),
                      "the old loader leaves once its streams ended");
            Await.until(WAIT, () -> old.get() == null || old.get().getResource(GREETING_CLASS) == null,
                      "the old loader is closed");
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aHundredReloadsLeaveNoClassLoaderNorThreadBehind() throws Exception {
        try (DemoUpstream a = DemoUpstream.start(0); ReloadHome home = new ReloadHome(dir)) {
            String upstream = "http://127.0.0.1:" + a.port();
            Path greet = home.plugins.resolve("greet");
            TestPlugins.copy("greet.jar", greet);
            TestPlugins.copy("lib-v1.jar", greet, "lib.jar");
            Gateway gateway = home.start(config(upstream, 15));
            WeakReference<ClassLoader> first = new WeakReference<>(gateway.reloader().pluginClassLoaders().getFirst());
            try (EventStreamReader warm = EventStreamReader.open(gateway.port(), "/greet/events?interval=50").start()) {
                warm.awaitId("1", WAIT);
            }
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            List<WeakReference<ClassLoader>> loaders = new ArrayList<>(List.of(first));
            List<WeakReference<Object>> routes = new ArrayList<>();
            EventStreamReader held = null;
            for (int i = 1; i <= 100; i++) {
                TestPlugins.copy(i % 2 == 0 ? "lib-v1.jar" : "lib-v2.jar", greet, "lib.jar");
                home.write(config(upstream, 10 + i % 7));
                ReloadState state = gateway.reload("test");
                assertEquals("applied", state.last().orElseThrow().outcome(), state.describe());
                gateway.reloader().pluginClassLoaders().forEach(l -> loaders.add(new WeakReference<>(l)));
                gateway.reloader().routes().forEach(r -> routes.add(new WeakReference<>(r)));
                if (i % 10 == 0) { // a stream across a reload: its generation lives until it ends
                    if (held != null) {
                        held.close();
                    }
                    held = EventStreamReader.open(gateway.port(), "/greet/events?interval=50").start();
                    held.awaitId("1", WAIT);
                }
            }
            held.close();
            Await.until(WAIT, () -> gateway.reloader().liveGenerations() == 1, "only the current generation is left");
            // only the current one stays (the start's loader stayed reachable through the reloader as long as the
            // gateway ran, until the reloader stopped holding the start's factory and plugins)
            try {
                Await.until(WAIT, () -> {
                    System.gc();
                    return alive(loaders) <= 1 && alive(routes) <= 1;
                }, "the replaced jars' classloaders and routes are collected");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": loaders alive " + alive(loaders) + ", routes alive "
                                         + alive(routes));
            }
            System.err.println("LEAK loaders alive " + alive(loaders) + ", routes alive " + alive(routes));
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            assertTrue(threadsAfter <= threadsBefore + 2, "threads: " + threadsBefore + " -> " + threadsAfter);
            assertEquals(101, gateway.reloader().generation());
        }
    }

    /** How many distinct objects the references still reach. */
    private static long alive(List<? extends WeakReference<?>> refs) {
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        refs.forEach(ref -> {
            Object o = ref.get();
            if (o != null) {
                seen.add(o);
            }
        });
        return seen.size();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withWatchOnAChangedFileReloadsByItself() throws Exception {
        try (DemoUpstream a = DemoUpstream.start(0); ReloadHome home = new ReloadHome(dir)) {
            String upstream = "http://127.0.0.1:" + a.port();
            String watched = "reload { watch = true, debounce = 200ms }\n";
            Gateway gateway = home.start(watched + ReloadHome.config("routes = [\n"
                    + ReloadHome.route("one", "/one", upstream, "") + "]\n"));
            home.write(watched + ReloadHome.config("routes = [\n" + ReloadHome.route("one", "/one", upstream, "")
                    + ReloadHome.route("two", "/two", upstream, "") + "]\n"));
            Await.until(WAIT, () -> gateway.reloader().generation() == 2, "the watch reloads after the change");
            try (EventStreamReader two = EventStreamReader.open(gateway.port(), "/two/events?interval=50").start()) {
                two.awaitId("1", WAIT);
            }
            TestPlugins.copy("prefix.jar", home.plugins); // a plugin added: loaded, nothing uses it yet
            Await.until(WAIT, () -> gateway.reloader().generation() == 3, "the watch sees the plugins folder");
            assertNull(gateway.reloader().state().last().orElseThrow().problems().stream().findFirst().orElse(null));
        }
    }
}
