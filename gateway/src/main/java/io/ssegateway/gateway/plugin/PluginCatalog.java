package io.ssegateway.gateway.plugin;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The plugins found at startup, by kind and name. */
public final class PluginCatalog {
    private final Map<PluginKind, Map<String, LoadedPlugin>> byKind = new EnumMap<>(PluginKind.class);

    PluginCatalog(List<LoadedPlugin> plugins) {
        for (PluginKind kind : PluginKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        for (LoadedPlugin p : plugins) {
            byKind.get(p.kind()).put(p.name(), p);
        }
    }

    /** A catalog with no plugins. */
    public static PluginCatalog empty() {
        return new PluginCatalog(List.of());
    }

    Optional<LoadedPlugin> find(PluginKind kind, String name) {
        return Optional.ofNullable(byKind.get(kind).get(name));
    }

    /** The names of a kind, sorted, for "unknown plugin" messages. */
    String names(PluginKind kind) {
        return byKind.get(kind).isEmpty() ? "(none loaded)" : String.join(", ", byKind.get(kind).keySet());
    }

    /** How many plugins were loaded. */
    public int size() {
        return byKind.values().stream().mapToInt(Map::size).sum();
    }
}
