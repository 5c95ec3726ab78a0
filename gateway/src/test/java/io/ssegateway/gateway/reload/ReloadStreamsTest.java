package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.demo.DemoUpstream;
import io.ssegateway.gateway.observe.ReloadState;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.EventStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Open streams through reloads, over real sockets: a gateway started from a config file and plugins folder, two
 * demo origins, HTTP/1.1 clients counting event ids.
 */
class ReloadStreamsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RECONNECT = "retry: 3000\n\n";

    @TempDir
    Path dir;

    /** Generation {@code i}'s routes: stable never changes; tagged changes each time; moving changes upstream at 10. */
    private static String routes(int i, String a, String b) {
        StringBuilder routes = new StringBuilder("routes = [\n");
        routes.append(ReloadHome.route("stable", "/stable", a, ""));
        routes.append(ReloadHome.route("tagged", "/tagged", a, "heartbeat = " + (10 + i) + "s, transforms = ["
                + "{ type = \"prefix\", prefix = \"g" + i + ":\" }, { type = \"close-count\" }], monitors = ["
                + "{ type = \"close-count\" }]"));
        routes.append(ReloadHome.route("moving", "/moving", i < 10 ? a : b, ""));
        if (i < 5) {
            routes.append(ReloadHome.route("doomed", "/doomed", a, ""));
        }
        if (i % 2 == 1) {
            routes.append(ReloadHome.route("extra-" + i, "/extra", b, ""));
        }
        return ReloadHome.config(routes.append("]\n").toString());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void streamsOnUnchangedRoutesGoOnThroughTwentyReloadsThatAddChangeAndRemoveRoutesAndPlugins() throws Exception {
        try (DemoUpstream a = DemoUpstream.start(0); DemoUpstream b = DemoUpstream.start(0);
             ReloadHome home = new ReloadHome(dir)) {
            String urlA = "http://127.0.0.1:" + a.port();
            String urlB = "http://127.0.0.1:" + b.port();
            TestPlugins.copy("prefix.jar", home.plugins);
            TestPlugins.copy("close-count.jar", home.plugins);
            Gateway gateway = home.start(routes(0, urlA, urlB));
            int port = gateway.port();
            List<EventStreamReader> stable = open(port, "/stable/events?interval=100", 120);
            List<EventStreamReader> tagged = open(port, "/tagged/events?interval=100", 10);
            List<EventStreamReader> moving = open(port, "/moving/events?interval=100", 10);
            List<EventStreamReader> doomed = open(port, "/doomed/events?interval=100", 10);
            for (List<EventStreamReader> streams : List.of(stable, tagged, moving, doomed)) {
                for (EventStreamReader s : streams) {
                    s.awaitId("2", WAIT);
                }
            }
            for (int i = 1; i <= 20; i++) {
                home.write(routes(i, urlA, urlB));
                ReloadState state = gateway.reload("test");
                assertEquals("applied", state.last().orElseThrow().outcome(), state.describe());
                assertEquals(i + 1, state.generation());
                try (EventStreamReader extra = EventStreamReader.open(port, "/extra/events?interval=100").start()) {
                    assertTrue(extra.awaitHead(WAIT));
                    assertEquals(i % 2 == 1 ? 200 : 404, extra.status(), "reload " + i + ": /extra");
                }
                if (i == 1) {
                    // a new stream on the changed route gets the new plugin instance, an open one keeps its own
                    try (EventStreamReader fresh = EventStreamReader.open(port, "/tagged/events?interval=100")
                            .start()) {
                        fresh.awaitId("1", WAIT);
                        assertTrue(fresh.text().contains("data: g1:{"), fresh.text());
                    }
                }
            }
            for (EventStreamReader s : doomed) { // removed at reload 5
                assertTrue(s.awaitEnd(WAIT), "a stream of a removed route is closed");
                assertTrue(s.text().endsWith(RECONNECT), "closed with a retry: line at an event boundary");
            }
            for (EventStreamReader s : moving) { // re-pointed at reload 10
                assertTrue(s.awaitEnd(WAIT), "a stream of a route whose upstream changed is closed");
                assertTrue(s.text().endsWith(RECONNECT));
                assertConsecutive(s.ids());
            }
            // the client reconnects with its last id and is served by the new upstream from the next id on
            EventStreamReader back = EventStreamReader.open(port, "/moving/events?interval=100",
                                                            "Last-Event-ID: " + moving.getFirst().ids().getLast()).start();
            long next = Long.parseLong(moving.getFirst().ids().getLast()) + 1;
            back.awaitId(String.valueOf(next), WAIT);
            assertEquals(String.valueOf(next), back.ids().getFirst());
            back.close();
            // streams on unchanged and merely changed routes were never interrupted: every id once, in order
            List<EventStreamReader> kept = new ArrayList<>(stable);
            kept.addAll(tagged);
            List<Integer> seen = kept.stream().map(s -> s.ids().size()).toList();
            for (int i = 0; i < kept.size(); i++) {
                kept.get(i).awaitId(String.valueOf(seen.get(i) + 2), WAIT);
            }
            for (List<EventStreamReader> streams : List.of(stable, tagged)) {
                for (EventStreamReader s : streams) {
                    assertFalse(s.ended());
                    assertConsecutive(s.ids());
                    assertFalse(s.text().contains(RECONNECT));
                }
            }
            for (EventStreamReader s : tagged) {
                assertFalse(s.text().contains("data: g1:"), "an open stream keeps the plugin instance it started with");
            }
            // the plugin instances of the replaced tagged routes were closed once each, none while a stream used it
            // generations 2..20 had no stream left at the end: their instances closed; 1's (open streams) and 21's not
            Await.until(WAIT, () -> closed(home, "transform") == 19,
                        "replaced instances closed: " + closed(home, "transform"));
            assertEquals(0, home.metrics.counter("test.closed.again", "test.closed.again", "route", "tagged",
                                                 "plugin", "close-count", "kind", "transform").count());
            // generations 2..20 had no stream left: only 1 (the open streams') and 21 remain
            Await.until(WAIT, () -> gateway.reloader().liveGenerations() == 2, "generations in use: 1 and 21");
            for (List<EventStreamReader> streams : List.of(stable, tagged)) {
                for (EventStreamReader s : streams) {
                    s.close();
                }
            }
            Await.until(WAIT, () -> gateway.reloader().liveGenerations() == 1,
                        "generation 1 drained once its streams end");
            Await.until(WAIT, () -> closed(home, "transform") == 20, "generation 1's tagged instance closed too");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anInvalidReloadChangesNothingAndSaysWhy() throws Exception {
        try (DemoUpstream a = DemoUpstream.start(0); ReloadHome home = new ReloadHome(dir)) {
            String urlA = "http://127.0.0.1:" + a.port();
            TestPlugins.copy("prefix.jar", home.plugins);
            String good = ReloadHome.config("routes = [\n" + ReloadHome.route("stable", "/stable", urlA, "") + "]\n");
            Gateway gateway = home.start(good);
            EventStreamReader open = EventStreamReader.open(gateway.port(), "/stable/events?interval=100").start();
            open.awaitId("2", WAIT);

            home.write(ReloadHome.config("routes = [\n" + ReloadHome.route("stable", "/stable", "ftp://nowhere", "")
                                         + ReloadHome.route("other", "/other", urlA, "heartbeet = 5s") + "]\n"));
            HttpResponse<String> answer = home.admin("POST", "/admin/reload");
            assertEquals(422, answer.statusCode());
            assertTrue(answer.body().startsWith("{\"outcome\":\"failed\",\"generation\":1,"), answer.body());
            assertTrue(answer.body().contains("routes[0].upstreams[0]: not an http(s) URL (got: ftp://nowhere)"),
                       answer.body());
            assertTrue(answer.body().contains("routes[1].heartbeet: unknown key"), answer.body());
            HttpResponse<String> health = home.admin("GET", "/observe/health");
            assertTrue(health.body().contains("\"config\":{\"generation\":1,"), health.body());
            assertTrue(health.body().contains("\"lastReload\":{\"outcome\":\"failed\""), health.body());

            // a plugin problem: also refused whole
            home.write(ReloadHome.config("routes = [\n" + ReloadHome.route("stable", "/stable", urlA, "")
                    + ReloadHome.route("other", "/other", urlA, "transforms = [{ type = \"prefix\" }]")
                    + ReloadHome.route("third", "/third", urlA, "transforms = [{ type = \"nope\" }]") + "]\n"));
            ReloadState state = gateway.reload("test");
            assertEquals("failed", state.last().orElseThrow().outcome());
            assertEquals(1, state.generation());
            String problems = String.join("\n", state.last().get().problems());
            assertTrue(problems.contains("routes[1].transforms[0].prefix"), problems);
            assertTrue(problems.contains("routes[2].transforms[0].type: unknown transform plugin (got: nope)"),
                       problems);
            try (EventStreamReader other = EventStreamReader.open(gateway.port(), "/other/events").start()) {
                assertTrue(other.awaitHead(WAIT));
                assertEquals(404, other.status(), "the refused config's routes are not served");
            }

            // unchanged config: nothing to do; a listener key: needs a restart, the rest applies
            home.write(good);
            assertEquals("unchanged", gateway.reload("test").last().orElseThrow().outcome());
            home.write(good.replace("admin { host = \"127.0.0.1\", port = 0 }", "admin { host = \"127.0.0.1\", port = 1 }")
                       + "routes += " + ReloadHome.route("other", "/other", urlA, ""));
            state = gateway.reload("test");
            assertEquals("applied", state.last().orElseThrow().outcome(), state.describe());
            assertEquals(1, state.last().get().restart().size(), state.describe());
            assertTrue(state.last().get().restart().getFirst().startsWith("admin: changed, takes effect after a"
                                                                          + " restart"), state.describe());
            try (EventStreamReader other = EventStreamReader.open(gateway.port(), "/other/events?interval=100")
                    .start()) {
                other.awaitId("1", WAIT);
            }
            assertTrue(home.admin("GET", "/observe/health").body().contains("\"generation\":2"));
            int seen = open.ids().size();
            open.awaitId(String.valueOf(seen + 2), WAIT);
            assertConsecutive(open.ids());
            open.close();
        }
    }

    private static long closed(ReloadHome home, String kind) {
        return home.metrics.counter("test.closed", "test.closed", "route", "tagged", "plugin", "close-count",
                                    "kind", kind).count();
    }

    static List<EventStreamReader> open(int port, String target, int count) throws Exception {
        List<EventStreamReader> readers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            readers.add(EventStreamReader.open(port, target).start());
        }
        return readers;
    }

    static void assertConsecutive(List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(String.valueOf(i + 1), ids.get(i), "ids " + ids);
        }
    }
}
