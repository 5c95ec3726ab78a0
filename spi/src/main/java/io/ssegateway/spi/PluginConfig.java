package io.ssegateway.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one plugin's config node. Typed getters throw {@link PluginConfigException} carrying the
 * HOCON path, the value and what was expected. Keys a plugin never reads are reported as unknown at startup.
 */
public interface PluginConfig {
    /** The HOCON path of this node, such as {@code routes[0].auth}. */
    String path();

    /** The keys present on this node. */
    Set<String> keys();

    /** Whether the key is present. */
    boolean has(String key);

    /** A string value. */
    Optional<String> string(String key);

    /** An integer value. */
    Optional<Integer> integer(String key);

    /** A boolean value ({@code true}/{@code false}). */
    Optional<Boolean> bool(String key);

    /** A duration: HOCON forms ({@code 500ms}, {@code 15s}, {@code 2m}) or ISO-8601. */
    Optional<Duration> duration(String key);

    /** A size in bytes: a number or {@code 512k}, {@code 1MiB}, {@code 2m}. */
    Optional<Long> size(String key);

    /** A list of strings; empty when the key is absent. */
    List<String> stringList(String key);

    /** A child object node. */
    Optional<PluginConfig> child(String key);

    /** A list of object nodes; empty when the key is absent. */
    List<PluginConfig> children(String key);

    /** A path resolved against the gateway's home folder when relative. */
    Path resolvePath(String value);

    /** A required string: throws with this node's path when absent. */
    default String requireString(String key) {
        return string(key).orElseThrow(() -> problem(key, "missing required key", "nothing"));
    }

    /** An exception for a problem with a key of this node, to throw from {@link PluginFactory#create}. */
    default PluginConfigException problem(String key, String problem, Object value) {
        return new PluginConfigException(path() + "." + key, problem, String.valueOf(value));
    }
}
