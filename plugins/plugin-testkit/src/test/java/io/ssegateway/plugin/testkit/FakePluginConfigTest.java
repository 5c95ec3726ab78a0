package io.ssegateway.plugin.testkit;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.PluginConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@Timeout(10)
class FakePluginConfigTest {
    static Stream<Arguments> leaves() {
        return Stream.of(
                arguments("a string", "a", (Function<PluginConfig, Object>) c -> c.string("k"), Optional.of("a")),
                arguments("a number as a string", 7, (Function<PluginConfig, Object>) c -> c.string("k"),
                          Optional.of("7")),
                arguments("an Integer", 7, (Function<PluginConfig, Object>) c -> c.integer("k"), Optional.of(7)),
                arguments("an integer as text", "7", (Function<PluginConfig, Object>) c -> c.integer("k"),
                          Optional.of(7)),
                arguments("a Boolean", true, (Function<PluginConfig, Object>) c -> c.bool("k"), Optional.of(true)),
                arguments("a boolean as text", "false", (Function<PluginConfig, Object>) c -> c.bool("k"),
                          Optional.of(false)),
                arguments("a Duration", Duration.ofSeconds(2), (Function<PluginConfig, Object>) c -> c.duration("k"),
                          Optional.of(Duration.ofSeconds(2))),
                arguments("a duration as ISO-8601 text", "PT2S",
                          (Function<PluginConfig, Object>) c -> c.duration("k"), Optional.of(Duration.ofSeconds(2))),
                arguments("a Long size", 512L, (Function<PluginConfig, Object>) c -> c.size("k"), Optional.of(512L)),
                arguments("a size as text", "512", (Function<PluginConfig, Object>) c -> c.size("k"),
                          Optional.of(512L)),
                arguments("a list of strings", List.of("a", "b"),
                          (Function<PluginConfig, Object>) c -> c.stringList("k"), List.of("a", "b")));
    }

    @ParameterizedTest(name = "{0} is read")
    @MethodSource("leaves")
    void readsTypedValuesAndTheirText(String name, Object value, Function<PluginConfig, Object> getter,
                                      Object expected) {
        assertEquals(expected, getter.apply(FakePluginConfig.of("k", value)));
    }

    static Stream<Arguments> wrongKinds() {
        return Stream.of(
                arguments("a list as a string", List.of("a"), (Function<PluginConfig, Object>) c -> c.string("k"),
                          "routes[0].plugin.k: expected a string (got: [a])"),
                arguments("text as an integer", "seven", (Function<PluginConfig, Object>) c -> c.integer("k"),
                          "routes[0].plugin.k: expected an integer (got: seven)"),
                arguments("yes as a boolean", "yes", (Function<PluginConfig, Object>) c -> c.bool("k"),
                          "routes[0].plugin.k: expected true or false (got: yes)"),
                arguments("2s as a duration", "2s", (Function<PluginConfig, Object>) c -> c.duration("k"),
                          "routes[0].plugin.k: expected a duration (got: 2s)"),
                arguments("a string as a list", "a", (Function<PluginConfig, Object>) c -> c.stringList("k"),
                          "routes[0].plugin.k: expected a list of strings (got: a)"),
                arguments("a string as an object", "a", (Function<PluginConfig, Object>) c -> c.child("k"),
                          "routes[0].plugin.k: expected an object (got: a)"));
    }

    @ParameterizedTest(name = "{0} is refused with the path")
    @MethodSource("wrongKinds")
    void refusesAValueOfTheWrongKind(String name, Object value, Function<PluginConfig, Object> getter,
                                     String message) {
        PluginConfigException e = assertThrows(PluginConfigException.class,
                                               () -> getter.apply(FakePluginConfig.of("k", value)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void childNodesCarryTheirPathAndTheHome() {
        Path home = Path.of("/srv/gateway");
        PluginConfig auth = FakePluginConfig.auth(home, Map.of(
                "forward-claim", Map.of("header", "X-User"),
                "rules", List.of(Map.of("a", "1"), Map.of("b", "2"))));
        PluginConfig child = auth.child("forward-claim").orElseThrow();
        assertEquals("routes[0].auth.forward-claim", child.path());
        assertEquals(Optional.of("X-User"), child.string("header"));
        assertEquals(home.resolve("keys.txt"), child.resolvePath("keys.txt"));
        assertEquals(List.of("routes[0].auth.rules[0]", "routes[0].auth.rules[1]"),
                     auth.children("rules").stream().map(PluginConfig::path).toList());
        assertEquals(Optional.empty(), auth.string("absent"));
        assertEquals(List.of(), auth.stringList("absent"));
    }
}
