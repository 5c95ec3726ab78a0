package io.ssegateway.plugin.broker.redis;

import io.ssegateway.spi.PluginConfig;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code redis} broker's settings, read and checked from its config node (the top-level {@code broker} object).
 *
 * @param endpoint       the server, with the credentials from the URI or from {@code username}/{@code password}
 * @param connectTimeout how long opening a connection may take
 * @param commandTimeout how long a command may wait for its answer (a follower's blocking read waits this long
 *                       beyond the time it asked Redis to block)
 * @param keyPrefix      what each channel's stream key starts with: {@code <key-prefix>channel:<name>}
 * @param maxConnections the most pooled connections for publishing and reading history (each follower has its own)
 */
record RedisBrokerOptions(RedisEndpoint endpoint, Duration connectTimeout, Duration commandTimeout, String keyPrefix,
                          int maxConnections) {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    static final String DEFAULT_KEY_PREFIX = "sse-gateway:";
    static final int DEFAULT_MAX_CONNECTIONS = 16;
    static final int MAX_CONNECTIONS_LIMIT = 1024;
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    /** Reads the options, throwing {@link io.ssegateway.spi.PluginConfigException} naming the key on a bad value. */
    static RedisBrokerOptions read(PluginConfig config) {
        String uri = config.requireString("uri");
        RedisEndpoint endpoint;
        try {
            endpoint = RedisEndpoint.parse(uri);
        } catch (IllegalArgumentException e) {
            throw config.problem("uri", e.getMessage(), RedisEndpoint.maskedText(uri));
        }
        Optional<String> user = config.string("username");
        Optional<String> password = config.string("password");
        if (password.isPresent() && !endpoint.password().isEmpty()) {
            throw config.problem("password", "set the password in uri or in password, not in both", "value hidden");
        }
        if (user.isPresent() && !endpoint.user().isEmpty()) {
            throw config.problem("username", "set the user in uri or in username, not in both", user.get());
        }
        if (user.isPresent() && user.get().isBlank()) {
            throw config.problem("username", "must not be blank (leave it out for the default user)", "\"\"");
        }
        endpoint = endpoint.withCredentials(user, password);
        Duration connectTimeout = timeout(config, "connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        Duration commandTimeout = timeout(config, "command-timeout", DEFAULT_COMMAND_TIMEOUT);
        String keyPrefix = config.string("key-prefix").orElse(DEFAULT_KEY_PREFIX);
        if (keyPrefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ' ')) {
            throw config.problem("key-prefix", "must not contain spaces or control characters", '"' + keyPrefix + '"');
        }
        int maxConnections = config.integer("max-connections").orElse(DEFAULT_MAX_CONNECTIONS);
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw config.problem("max-connections", "must be between 1 and " + MAX_CONNECTIONS_LIMIT, maxConnections);
        }
        return new RedisBrokerOptions(endpoint, connectTimeout, commandTimeout, keyPrefix, maxConnections);
    }

    private static Duration timeout(PluginConfig config, String key, Duration fallback) {
        Duration timeout = config.duration(key).orElse(fallback);
        if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw config.problem(key, "must be from 1ms to 10m", timeout);
        }
        return timeout;
    }

    /** The stream key of a channel. */
    String streamKey(String channel) {
        return keyPrefix + "channel:" + channel;
    }
}
