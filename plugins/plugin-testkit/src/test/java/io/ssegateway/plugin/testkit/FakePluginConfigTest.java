package io.ssegateway.plugin.testkit;

import io.ssegateway.gateway.config.Durations;
import io.ssegateway.gateway.config.Sizes;
import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.PluginConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
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
                arguments("soon as a duration", "soon", (Function<PluginConfig, Object>) c -> c.duration("k"),
                          "routes[0].plugin.k: " + Durations.NOT_A_DURATION + " (got: soon)"),
                arguments("a negative duration", "-1s", (Function<PluginConfig, Object>) c -> c.duration("k"),
                          "routes[0].plugin.k: must not be negative (got: -1s)"),
                arguments("1MB (decimal) as a size", "1MB", (Function<PluginConfig, Object>) c -> c.size("k"),
                          "routes[0].plugin.k: " + Sizes.NOT_A_SIZE + " (got: 1MB)"),
                arguments("a negative size", -1L, (Function<PluginConfig, Object>) c -> c.size("k"),
                          "routes[0].plugin.k: must not be negative (got: -1)"),
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

    @ParameterizedTest(name = "duration {0} is {1}, as in the gateway")
    @CsvSource(delimiter = '|', value = {
            "500ms        | PT0.5S",
            "15s          | PT15S",
            "2m           | PT2M",
            "1h           | PT1H",
            "1d           | PT24H",
            "1500         | PT1.5S",
            "'1.5 seconds'| PT1.5S",
            "250 millis   | PT0.25S",
            "10us         | PT0.00001S",
            "PT15S        | PT15S",
            "pt1m30s      | PT1M30S",
            "' 5s '       | PT5S"})
    void readsEveryDurationFormTheGatewayReads(String text, String expected) {
        assertEquals(Optional.of(Duration.parse(expected)), FakePluginConfig.of("k", text).duration("k"));
    }

    @Test
    void aNumberGivenForADurationIsMilliseconds() {
        assertEquals(Optional.of(Duration.ofMillis(250)), FakePluginConfig.of("k", 250).duration("k"));
    }

    @ParameterizedTest(name = "size {0} is {1} bytes, as in the gateway")
    @CsvSource(delimiter = '|', value = {
            "1024       | 1024",
            "100 bytes  | 100",
            "512k       | 524288",
            "512KiB     | 524288",
            "'512 KiB'  | 524288",
            "1m         | 1048576",
            "1MiB       | 1048576",
            "1 mebibyte | 1048576",
            "1g         | 1073741824",
            "1.5k       | 1536"})
    void readsEverySizeFormTheGatewayReads(String text, long expected) {
        assertEquals(Optional.of(expected), FakePluginConfig.of("k", text).size("k"));
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
