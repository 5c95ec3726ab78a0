package io.ssegateway.plugin.balancer.hash;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where the hash key of a request comes from; the config names it with {@code key}. */
enum KeySource {
    /** The client's IP address. */
    CLIENT_IP("client-ip", false),
    /** A request header named by {@code name}. */
    HEADER("header", true),
    /** A query parameter named by {@code name}. */
    QUERY_PARAM("query-param", true),
    /** The identity the route's auth plugin established. */
    IDENTITY("identity", false);

    private final String configName;
    private final boolean needsName;

    KeySource(String configName, boolean needsName) {
        this.configName = configName;
        this.needsName = needsName;
    }

    /** The value of {@code key} that selects this source. */
    String configName() {
        return configName;
    }

    /** Whether {@code name} says which header or parameter to read. */
    boolean needsName() {
        return needsName;
    }

    /** The source a config value names. */
    static Optional<KeySource> named(String configName) {
        return Arrays.stream(values()).filter(s -> s.configName.equals(configName)).findFirst();
    }

    /** The accepted config values, for error messages. */
    static String choices() {
        return Arrays.stream(values()).map(KeySource::configName).collect(Collectors.joining(", "));
    }
}
