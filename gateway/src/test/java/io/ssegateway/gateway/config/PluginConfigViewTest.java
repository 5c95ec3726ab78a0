package io.ssegateway.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.PluginConfigException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class PluginConfigViewTest {
    private static final Path HOME = Path.of("/opt/sse-gateway");
    private static final String HOCON = """
            p {
              name = "gw"
              count = 42
              on = true
              wait = 250ms
              iso = PT2S
              limit = 64k
              tags = [a, b]
              word = hello
              obj { a = 1 }
              mixed = [a, { b = 1 }]
              items = [ { x = 1 }, { x = 2, y = 3 } ]
              api-token = abc
              password = hunter2
              "dotted.key" = dot
            }
            """;

    @Test
    void gettersReturnTypedValues() {
        PluginConfigView p = view(HOCON);

        assertEquals("routes[0].auth", p.path());
        assertEquals(Optional.of("gw"), p.string("name"));
        assertEquals(Optional.of(42), p.integer("count"));
        assertEquals(Optional.of(true), p.bool("on"));
        assertEquals(Optional.of(Duration.ofMillis(250)), p.duration("wait"));
        assertEquals(Optional.of(Duration.ofSeconds(2)), p.duration("iso"));
        assertEquals(Optional.of(64L * 1024), p.size("limit"));
        assertEquals(List.of("a", "b"), p.stringList("tags"));
        assertEquals("routes[0].auth.obj", p.child("obj").orElseThrow().path());
        assertEquals(Optional.of(1), p.child("obj").orElseThrow().integer("a"));
        assertEquals(List.of("routes[0].auth.items[0]", "routes[0].auth.items[1]"),
                     p.children("items").stream().map(PluginConfig::path).toList());
        assertEquals(Optional.of("dot"), p.string("dotted.key"));
        assertEquals("gw", p.requireString("name"));
    }

    @Test
    void absentKeysAreEmpty() {
        PluginConfigView p = view(HOCON);

        assertFalse(p.has("nope"));
        assertEquals(Optional.empty(), p.string("nope"));
        assertEquals(Optional.empty(), p.integer("nope"));
        assertEquals(Optional.empty(), p.duration("nope"));
        assertEquals(Optional.empty(), p.child("nope"));
        assertEquals(List.of(), p.stringList("nope"));
        assertEquals(List.of(), p.children("nope"));
        assertEquals("routes[0].auth.nope: missing required key (got: nothing)",
                     assertThrows(PluginConfigException.class, () -> p.requireString("nope")).getMessage());
    }

    @Test
    void keysListsTheNodeAndHasSeesIt() {
        PluginConfigView p = view(HOCON);

        assertEquals(Set.of("name", "count", "on", "wait", "iso", "limit", "tags", "word", "obj", "mixed", "items",
                            "api-token", "password", "dotted.key"),
                     p.keys());
        assertTrue(p.has("obj"));
    }

    static List<Arguments> badValues() {
        return List.of(
                bad(p -> p.string("obj"), "routes[0].auth.obj: expected a string, not an object (got: {a=1})"),
                bad(p -> p.string("tags"), "routes[0].auth.tags: expected a string, not a list (got: [a, b])"),
                bad(p -> p.integer("word"), "routes[0].auth.word: not an integer (got: hello)"),
                bad(p -> p.bool("word"), "routes[0].auth.word: must be true or false (got: hello)"),
                bad(p -> p.duration("word"), "routes[0].auth.word: " + Durations.NOT_A_DURATION + " (got: hello)"),
                bad(p -> p.size("word"), "routes[0].auth.word: " + Sizes.NOT_A_SIZE + " (got: hello)"),
                bad(p -> p.stringList("word"), "routes[0].auth.word: expected a list of strings (got: hello)"),
                bad(p -> p.stringList("mixed"), "routes[0].auth.mixed[1]: expected a string (got: {b=1})"),
                bad(p -> p.child("word"), "routes[0].auth.word: expected an object (got: hello)"),
                bad(p -> p.children("obj"), "routes[0].auth.obj: expected a list of objects (got: {a=1})"),
                bad(p -> p.children("tags"), "routes[0].auth.tags[0]: expected an object (got: a)"),
                bad(p -> p.integer("api-token"), "routes[0].auth.api-token: not an integer (got: ***)"),
                bad(p -> p.child("password"), "routes[0].auth.password: expected an object (got: ***)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badValues")
    void aBadValueNamesItsPathAndValue(Consumer<PluginConfigView> read, String message) {
        PluginConfigView p = view(HOCON);
        PluginConfigException e = assertThrows(PluginConfigException.class, () -> read.accept(p));
        assertEquals(message, e.getMessage());
    }

    @Test
    void keysNeverReadAreReportedAsUnknownWithChildNodesItRead() {
        PluginConfigView p = view(HOCON);
        p.string("name");
        p.has("count");
        p.child("obj");
        List<PluginConfig> items = p.children("items");
        items.getFirst().integer("x");
        items.get(1).integer("x");

        assertEquals(Set.of("on", "wait", "iso", "limit", "tags", "word", "mixed", "api-token", "password",
                            "dotted.key"),
                     p.unreadKeys());
        assertEquals(List.of("routes[0].auth.api-token: unknown key (got: ***)",
                             "routes[0].auth.dotted.key: unknown key (got: dot)",
                             "routes[0].auth.iso: unknown key (got: PT2S)",
                             "routes[0].auth.limit: unknown key (got: 64k)",
                             "routes[0].auth.mixed: unknown key (got: [a, {b=1}])",
                             "routes[0].auth.on: unknown key (got: true)",
                             "routes[0].auth.password: unknown key (got: ***)",
                             "routes[0].auth.tags: unknown key (got: [a, b])",
                             "routes[0].auth.wait: unknown key (got: 250ms)",
                             "routes[0].auth.word: unknown key (got: hello)",
                             "routes[0].auth.obj.a: unknown key (got: 1)",
                             "routes[0].auth.items[1].y: unknown key (got: 3)"),
                     p.unreadKeyProblems());
    }

    @Test
    void aViewThatReadEverythingHasNoUnknownKeys() {
        PluginConfigView p = view("p { a = 1, b { c = 2 } }");
        p.integer("a");
        p.child("b").orElseThrow().integer("c");

        assertEquals(List.of(), p.unreadKeyProblems());
    }

    @Test
    void pathsResolveAgainstHomeUnlessAbsolute() {
        PluginConfigView p = view("p {}");

        assertEquals(HOME.resolve("keys/jwks.json"), p.resolvePath("keys/../keys/jwks.json"));
        assertEquals(Path.of("/etc/jwks.json"), p.resolvePath("/etc/jwks.json"));
    }

    @Test
    void environmentVariablesOverridePluginKeysWithoutBecomingKeys() {
        PluginConfigView p = PluginConfigView.of(
                HoconSource.string("p { a = 1 }", "test", Map.of("P_A", "2", "P_B", "3")).config().get("p"),
                "p", HOME);

        assertEquals(Optional.of(2), p.integer("a"));
        assertEquals(Optional.of(3), p.integer("b"));
        assertEquals(Set.of("a"), p.keys());
        assertEquals(List.of(), p.unreadKeyProblems());
    }

    private static Arguments bad(Consumer<PluginConfigView> read, String message) {
        return Arguments.of(read, message);
    }

    private static PluginConfigView view(String hocon) {
        return PluginConfigView.of(HoconSource.string(hocon, "test", Map.of()).config().get("p"), "routes[0].auth",
                                   HOME);
    }
}
