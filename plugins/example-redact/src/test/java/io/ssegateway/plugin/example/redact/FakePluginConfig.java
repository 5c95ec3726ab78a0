package io.ssegateway.plugin.example.redact;

import io.ssegateway.spi.PluginConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A PluginConfig over a map: String, Number and Boolean leaves, List of String, Map for child nodes. */
final class FakePluginConfig implements PluginConfig {
    private final String path;
    private final Map<String, Object> values;

    private FakePluginConfig(String path, Map<String, ?> values) {
        this.path = path;
        this.values = new LinkedHashMap<>(values);
    }

    /** A node at {@code routes[0].plugin} with the given key/value pairs. */
    static FakePluginConfig of(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new FakePluginConfig("routes[0].plugin", map);
    }

    @Override
    public String path() {
        return path;
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
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(String.valueOf(value));
        }
        throw problem(key, "expected a string", value);
    }

    @Override
    public Optional<Integer> integer(String key) {
        return string(key).map(s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw problem(key, "expected an integer", s);
            }
        });
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return string(key).map(s -> switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw problem(key, "expected true or false", s);
        });
    }

    @Override
    public Optional<Duration> duration(String key) {
        return string(key).map(Duration::parse);
    }

    @Override
    public Optional<Long> size(String key) {
        return string(key).map(Long::parseLong);
    }

    @Override
    public List<String> stringList(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        throw problem(key, "expected a list of strings", value);
    }

    @Override
    public Optional<PluginConfig> child(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            return Optional.of(node(path + "." + key, map));
        }
        throw problem(key, "expected an object", value);
    }

    @Override
    public List<PluginConfig> children(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream()
                    .map(item -> (PluginConfig) node(path + "." + key, (Map<?, ?>) item))
                    .toList();
        }
        throw problem(key, "expected a list of objects", value);
    }

    @Override
    public Path resolvePath(String value) {
        return Path.of(value);
    }

    private static FakePluginConfig node(String path, Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put((String) k, v));
        return new FakePluginConfig(path, copy);
    }
}
