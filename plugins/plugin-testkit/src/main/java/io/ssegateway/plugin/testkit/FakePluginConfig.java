package io.ssegateway.plugin.testkit;

import io.ssegateway.gateway.config.Durations;
import io.ssegateway.gateway.config.Sizes;
import io.ssegateway.spi.PluginConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A PluginConfig over a map. A leaf may be given typed (String, Integer, Long, Boolean, Duration) or as text that the
 * getter parses (an integer, {@code true}/{@code false}, a duration, a size), as HOCON would give it; a List of
 * strings is a string list, a Map a child node and a List of Maps a list of child nodes. A value of the wrong kind
 * throws the {@link io.ssegateway.spi.PluginConfigException} of {@link #problem}.
 *
 * <p>Durations and sizes are parsed by the gateway's own parsers, so a test accepts exactly the forms the gateway
 * does, with its messages: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, {@code 1d}, {@code 1.5 seconds},
 * ISO-8601 such as {@code PT15S}, and a bare number of milliseconds; {@code 512k}, {@code 512KiB}, {@code 1m},
 * {@code 1MiB}, {@code 1g} and a bare number of bytes (decimal units such as {@code MB} are refused).
 */
public final class FakePluginConfig implements PluginConfig {
    private final String path;
    private final Map<String, Object> values;
    private final Path home;

    private FakePluginConfig(String path, Map<?, ?> values, Path home) {
        this.path = path;
        this.values = new LinkedHashMap<>();
        values.forEach((key, value) -> this.values.put((String) key, value));
        this.home = home;
    }

    /** A node at {@code routes[0].plugin} with the given key/value pairs; paths resolve against the working folder. */
    public static FakePluginConfig of(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new FakePluginConfig("routes[0].plugin", map, null);
    }

    /** A route's auth node, {@code routes[0].auth}, with relative paths resolved against {@code home}. */
    public static FakePluginConfig auth(Path home, Map<String, ?> values) {
        return new FakePluginConfig("routes[0].auth", values, home);
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
        return leaf(key).map(value -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return String.valueOf(value);
            }
            throw problem(key, "expected a string", value);
        });
    }

    @Override
    public Optional<Integer> integer(String key) {
        return leaf(key).map(value -> switch (value) {
            case Integer i -> i;
            case String s -> parsed(key, "an integer", s, () -> Integer.parseInt(s));
            default -> throw problem(key, "expected an integer", value);
        });
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return leaf(key).map(value -> switch (value) {
            case Boolean b -> b;
            case String s when s.equals("true") -> true;
            case String s when s.equals("false") -> false;
            default -> throw problem(key, "expected true or false", value);
        });
    }

    @Override
    public Optional<Duration> duration(String key) {
        return leaf(key).map(value -> switch (value) {
            case Duration d -> d;
            case String s -> gatewayParsed(key, s, Durations::parse);
            case Integer i -> gatewayParsed(key, String.valueOf(i), Durations::parse);
            case Long l -> gatewayParsed(key, String.valueOf(l), Durations::parse);
            default -> throw problem(key, "expected a duration", value);
        });
    }

    @Override
    public Optional<Long> size(String key) {
        return leaf(key).map(value -> switch (value) {
            case Long l -> gatewayParsed(key, String.valueOf(l), Sizes::parse);
            case Integer i -> gatewayParsed(key, String.valueOf(i), Sizes::parse);
            case String s -> gatewayParsed(key, s, Sizes::parse);
            default -> throw problem(key, "expected a size", value);
        });
    }

    @Override
    public List<String> stringList(String key) {
        return leaf(key).map(value -> {
            if (value instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
            throw problem(key, "expected a list of strings", value);
        }).orElse(List.of());
    }

    @Override
    public Optional<PluginConfig> child(String key) {
        return leaf(key).map(value -> {
            if (value instanceof Map<?, ?> map) {
                return new FakePluginConfig(path + "." + key, map, home);
            }
            throw problem(key, "expected an object", value);
        });
    }

    @Override
    public List<PluginConfig> children(String key) {
        return leaf(key).map(value -> {
            if (!(value instanceof List<?> list)) {
                throw problem(key, "expected a list of objects", value);
            }
            List<PluginConfig> nodes = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> map)) {
                    throw problem(key, "expected a list of objects", value);
                }
                nodes.add(new FakePluginConfig(path + "." + key + "[" + nodes.size() + "]", map, home));
            }
            return List.copyOf(nodes);
        }).orElse(List.of());
    }

    @Override
    public Path resolvePath(String value) {
        return home == null ? Path.of(value) : home.resolve(value);
    }

    @Override
    public String toString() {
        return path + values;
    }

    private Optional<Object> leaf(String key) {
        return Optional.ofNullable(values.get(key));
    }

    private <T> T parsed(String key, String expected, String text, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (NumberFormatException e) {
            throw problem(key, "expected " + expected, text);
        }
    }

    /** Parses as the gateway's PluginConfigView does: its parser, its problem text. */
    private <T> T gatewayParsed(String key, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw problem(key, e.getMessage(), text);
        }
    }
}
