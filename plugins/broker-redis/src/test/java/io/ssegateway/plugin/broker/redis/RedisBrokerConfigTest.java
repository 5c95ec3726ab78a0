package io.ssegateway.plugin.broker.redis;

import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.spi.PluginConfigException;
import io.ssegateway.spi.Spi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code redis} broker's config: defaults, URI forms, and a message naming path, problem and value for each
 * mistake, never with the password. No Redis needed: making the broker connects to nothing. */
@Timeout(10)
class RedisBrokerConfigTest {
    @Test
    void theFactoryIsNamedRedisAndBuiltForThisSpi() {
        RedisBrokerFactory factory = new RedisBrokerFactory();
        assertEquals("redis", factory.name());
        assertEquals(Spi.MAJOR, factory.spiVersion());
        assertEquals(Spi.MINOR, factory.spiMinorVersion());
    }

    @Test
    void onlyTheUriIsRequired() {
        RedisBrokerOptions options = RedisBrokerOptions.read(FakePluginConfig.of("uri", "redis://cache.internal"));
        assertEquals(new RedisEndpoint(false, "cache.internal", 6379, 0, "", ""), options.endpoint());
        assertEquals(Duration.ofSeconds(2), options.connectTimeout());
        assertEquals(Duration.ofSeconds(2), options.commandTimeout());
        assertEquals("sse-gateway:", options.keyPrefix());
        assertEquals(16, options.maxConnections());
        assertEquals("sse-gateway:channel:news", options.streamKey("news"));
    }

    @Test
    void everyKeyIsRead() {
        RedisBrokerOptions options = RedisBrokerOptions.read(FakePluginConfig.of(
                "uri", "rediss://10.0.0.7:6380/3", "username", "gateway", "password", "s3cret",
                "connect-timeout", "500ms", "command-timeout", "3s", "key-prefix", "prod:sse:",
                "max-connections", 4));
        assertEquals(new RedisEndpoint(true, "10.0.0.7", 6380, 3, "gateway", "s3cret"), options.endpoint());
        assertEquals(Duration.ofMillis(500), options.connectTimeout());
        assertEquals(Duration.ofSeconds(3), options.commandTimeout());
        assertEquals("prod:sse:channel:news", options.streamKey("news"));
        assertEquals(4, options.maxConnections());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            redis://127.0.0.1:6379          | redis://127.0.0.1:6379/0
            redis://127.0.0.1               | redis://127.0.0.1:6379/0
            redis://localhost:7000/         | redis://localhost:7000/0
            redis://[::1]:6379/2            | redis://[::1]:6379/2
            redis://:pa%40ss@host:1/1       | redis://:***@host:1/1
            redis://alice:pw@host           | redis://alice:***@host:6379/0
            rediss://host:6380              | rediss://host:6380/0
            """)
    void uriForms(String uri, String masked) {
        assertEquals(masked, RedisBrokerOptions.read(FakePluginConfig.of("uri", uri)).endpoint().masked());
    }

    @Test
    void aPasswordInTheUriIsDecodedAndKept() {
        RedisEndpoint endpoint = RedisBrokerOptions.read(FakePluginConfig.of("uri", "redis://:pa%40ss@host")).endpoint();
        assertEquals("pa@ss", endpoint.password());
        assertFalse(endpoint.toString().contains("pa@ss"), endpoint.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://host:6379        | uri: expected redis://host:port[/db] (or rediss:// for TLS) (got: http://host:6379)
            127.0.0.1:6379          | uri: expected redis://host:port[/db] (or rediss:// for TLS) (got: 127.0.0.1:6379)
            redis://host:0          | uri: expected a port from 1 to 65535 (got: redis://host:0)
            redis://host:70000      | uri: expected a port from 1 to 65535 (got: redis://host:70000)
            redis://host/zero       | uri: expected the database as a number after the port: redis://host:port/0 (got: redis://host/zero)
            redis://host:1/0?x=1    | uri: expected no query or fragment: redis://host:port[/db] (got: redis://host:1/0?x=1)
            redis:///0              | uri: expected a host: redis://host:port[/db] (got: redis:///0)
            redis://s3cret@host     | uri: expected the password after a colon: redis://:password@host or redis://user:password@host (got: redis://***@host)
            redis://u:s3cret@ho st  | uri: not a URI: Illegal character in authority (got: redis://***@ho st)
            """)
    void aBadUriIsNamedWithoutItsPassword(String uri, String message) {
        PluginConfigException e = assertThrows(PluginConfigException.class,
                                               () -> RedisBrokerOptions.read(FakePluginConfig.of("uri", uri)));
        assertEquals("routes[0].plugin." + message, e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            password        | s3cret   | password: set the password in uri or in password, not in both (got: value hidden)
            username        | bob      | username: set the user in uri or in username, not in both (got: bob)
            """)
    void credentialsInTheUriAndInKeysConflict(String key, String value, String message) {
        PluginConfigException e = assertThrows(PluginConfigException.class, () -> RedisBrokerOptions.read(
                FakePluginConfig.of("uri", "redis://alice:s3cret@host", key, value)));
        assertEquals("routes[0].plugin." + message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            connect-timeout | 0s      | connect-timeout: must be from 1ms to 10m (got: PT0S)
            command-timeout | 1h      | command-timeout: must be from 1ms to 10m (got: PT1H)
            command-timeout | soon    | command-timeout:
            key-prefix      | 'a b:'  | key-prefix: must not contain spaces or control characters (got: "a b:")
            max-connections | 0       | max-connections: must be between 1 and 1024 (got: 0)
            max-connections | 5000    | max-connections: must be between 1 and 1024 (got: 5000)
            username        | ''      | username: must not be blank (leave it out for the default user) (got: "")
            """)
    void aBadValueIsNamedWithItsPath(String key, String value, String message) {
        PluginConfigException e = assertThrows(PluginConfigException.class, () -> RedisBrokerOptions.read(
                FakePluginConfig.of("uri", "redis://host", key, value)));
        assertEquals("routes[0].plugin." + key, e.path());
        assertEquals(true, e.getMessage().startsWith("routes[0].plugin." + message), e.getMessage());
    }

    @Test
    void aMissingUriIsNamed() {
        PluginConfigException e = assertThrows(PluginConfigException.class,
                                               () -> new RedisBrokerFactory().create(FakePluginConfig.of()));
        assertEquals("routes[0].plugin.uri: missing required key (got: nothing)", e.getMessage());
    }
}
