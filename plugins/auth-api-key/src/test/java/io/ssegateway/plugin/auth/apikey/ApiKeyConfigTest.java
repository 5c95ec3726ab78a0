package io.ssegateway.plugin.auth.apikey;

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
class ApiKeyConfigTest {
    @TempDir
    Path home;

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                arguments("no key source", Map.of(), null,
                          "routes[0].auth.keys: set keys or keys-file (or both) (got: nothing)"),
                arguments("a missing keys file", Map.of("keys-file", "conf/x.txt"), null,
                          "routes[0].auth.keys-file: file not found (got: conf/x.txt)"),
                arguments("every source turned off",
                          Map.of("keys", List.of("s3cret-a"), "header", "", "query-param", "", "cookie", ""), null,
                          "routes[0].auth.header: turn on at least one of header, query-param and cookie"
                          + " (got: all empty)"),
                arguments("a header name with a space", Map.of("keys", List.of("s3cret-a"), "header", "X Key"), null,
                          "routes[0].auth.header: a name of letters, digits and !#$%&'*+-.^_`|~ (or \"\" to turn it"
                          + " off) (got: X Key)"),
                arguments("a cookie name with a semicolon", Map.of("keys", List.of("s3cret-a"), "cookie", "a;b"),
                          null, "routes[0].auth.cookie: a name of letters, digits and !#$%&'*+-.^_`|~ (or \"\" to"
                                + " turn it off) (got: a;b)"),
                arguments("the same inline key twice", Map.of("keys", List.of("s3cret-a", "s3cret-a:bob")), null,
                          "routes[0].auth.keys: entry 2: the same secret as entry 1 (got: value hidden)"),
                arguments("a bad line in the keys file", Map.of("keys-file", "keys.txt"), "s3cret-a\n\ns3cret-b:\n",
                          "routes[0].auth.keys-file: line 3: empty identity after ':' (got: keys.txt)"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("badConfigs")
    void refusesBadConfigWithThePathAndWithoutTheSecret(String name, Map<String, Object> values, String file,
                                                         String message) throws IOException {
        if (file != null) {
            Files.writeString(home.resolve("keys.txt"), file);
        }
        PluginConfigException e = assertThrows(PluginConfigException.class,
                                               () -> new ApiKeyAuthenticatorFactory().create(
                                                       FakePluginConfig.auth(home, values)));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), "the message must not hold a key");
    }
}
