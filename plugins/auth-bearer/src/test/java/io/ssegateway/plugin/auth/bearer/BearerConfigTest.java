package io.ssegateway.plugin.auth.bearer;

import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.spi.PluginConfigException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@Timeout(10)
class BearerConfigTest {
    @TempDir
    Path home;

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                arguments("no token source", Map.of(), null,
                          "routes[0].auth.tokens: set tokens or tokens-file (or both) (got: nothing)"),
                arguments("a missing tokens file", Map.of("tokens-file", "conf/x.txt"), null,
                          "routes[0].auth.tokens-file: file not found (got: conf/x.txt)"),
                arguments("a folder as tokens file", Map.of("tokens-file", "."), null,
                          "routes[0].auth.tokens-file: not a regular file (got: .)"),
                arguments("an empty inline token", Map.of("tokens", List.of("s3cret-a", " ")), null,
                          "routes[0].auth.tokens: entry 2: empty token (got: value hidden)"),
                arguments("an inline token with a space", Map.of("tokens", List.of("s3cret a")), null,
                          "routes[0].auth.tokens: entry 1: a token may only hold visible ASCII characters"
                          + " (no spaces) (got: value hidden)"),
                arguments("an inline token with an empty identity", Map.of("tokens", List.of("s3cret-a:")), null,
                          "routes[0].auth.tokens: entry 1: empty identity after ':' (got: value hidden)"),
                arguments("the same inline token twice",
                          Map.of("tokens", List.of("s3cret-a:alice", "s3cret-a:bob")), null,
                          "routes[0].auth.tokens: entry 2: the same secret as entry 1 (got: value hidden)"),
                arguments("a bad line in the tokens file", Map.of("tokens-file", "tokens.txt"),
                          "# team\ns3cret-a:alice\ns3cret\tb\n",
                          "routes[0].auth.tokens-file: line 3: a token may only hold visible ASCII characters"
                          + " (no spaces) (got: tokens.txt)"),
                arguments("a file token repeating an inline one",
                          Map.of("tokens", List.of("s3cret-a"), "tokens-file", "tokens.txt"), "\n\ns3cret-a:alice\n",
                          "routes[0].auth.tokens-file: line 3: the same secret as entry 1 (got: tokens.txt)"),
                arguments("a realm with a quote", Map.of("tokens", List.of("s3cret-a"), "realm", "a\"b"), null,
                          "routes[0].auth.realm: a realm must be non-empty, without quotes, backslashes or"
                          + " control characters (got: a\"b)"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("badConfigs")
    void refusesBadConfigWithThePathAndWithoutTheSecret(String name, Map<String, Object> values, String file,
                                                         String message) throws IOException {
        if (file != null) {
            Files.writeString(home.resolve("tokens.txt"), file);
        }
        PluginConfigException e = assertThrows(PluginConfigException.class,
                                               () -> new BearerAuthenticatorFactory().create(
                                                       FakePluginConfig.auth(home, values)));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), "the message must not hold a token");
    }
}
