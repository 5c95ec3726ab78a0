package io.ssegateway.plugin.auth.jwt;

import io.ssegateway.spi.PluginConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A map-backed {@link PluginConfig} for unit tests; values are Strings, Booleans, Integers, Durations or lists. */
record MapConfig(String path, Map<String, Object> values, Path home) implements PluginConfig {
    /** A config at {@code routes[0].auth} with relative paths resolved against {@code home}. */
    static MapConfig of(Path home, Map<String, Object> values) {
        return new MapConfig("routes[0].auth", values, home);
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public boolean has(String key) {
        return values.containsKey(key);
    }

    @Override
    public Optional<String> string(String key) {
        return typed(key, String.class, "a string");
    }

    @Override
    public Optional<Integer> integer(String key) {
        return typed(key, Integer.class, "an integer");
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return typed(key, Boolean.class, "true or false");
    }

    @Override
    public Optional<Duration> duration(String key) {
        return typed(key, Duration.class, "a duration");
    }

    @Override
    public Optional<Long> size(String key) {
        return typed(key, Long.class, "a size");
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> stringList(String key) {
        return typed(key, List.class, "a list of strings").map(list -> (List<String>) list).orElse(List.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<PluginConfig> child(String key) {
        return typed(key, Map.class, "an object")
                .map(map -> new MapConfig(path + "." + key, (Map<String, Object>) map, home));
    }

    @Override
    public List<PluginConfig> children(String key) {
        throw new UnsupportedOperationException("not used by this plugin");
    }

    @Override
    public Path resolvePath(String value) {
        return home.resolve(value);
    }

    private <T> Optional<T> typed(String key, Class<T> type, String expected) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            throw problem(key, "expected " + expected, value);
        }
        return Optional.of(type.cast(value));
    }
}
