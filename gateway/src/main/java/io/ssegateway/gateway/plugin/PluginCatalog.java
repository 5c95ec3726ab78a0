package io.ssegateway.gateway.plugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.Collections;
import java.util.logging.Logger;

/** The plugins found in the plugins folder, by kind and name, and the jars and folders they came from. */
public final class PluginCatalog {
    private static final Logger LOGGER = Logger.getLogger(PluginCatalog.class.getName());

    private final Map<PluginKind, Map<String, LoadedPlugin>> byKind = new EnumMap<>(PluginKind.class);
    private final List<Source> sources;

    /**
     * One jar or folder of the plugins folder.
     *
     * @param label       its name as logs show it, e.g. {@code plugins/auth-bearer}
     * @param fingerprint its jars' names, sizes and checksums
     * @param loader      its classloader
     * @param plugins     the factories found in it
     */
    record Source(String label, String fingerprint, PluginClassLoader loader, List<LoadedPlugin> plugins) {
        Source {
            plugins = List.copyOf(plugins);
        }
    }

    PluginCatalog(List<LoadedPlugin> plugins) {
        this(plugins, List.of());
    }

    PluginCatalog(List<LoadedPlugin> plugins, List<Source> sources) {
        for (PluginKind kind : PluginKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        for (LoadedPlugin p : plugins) {
            byKind.get(p.kind()).put(p.name(), p);
        }
        this.sources = List.copyOf(sources);
    }

    /** A catalog with no plugins. */
    public static PluginCatalog empty() {
        return new PluginCatalog(List.of());
    }

    Optional<LoadedPlugin> find(PluginKind kind, String name) {
        return Optional.ofNullable(byKind.get(kind).get(name));
    }

    Optional<Source> source(String label) {
        return sources.stream().filter(s -> s.label().equals(label)).findFirst();
    }

    /** The names of a kind, sorted, for "unknown plugin" messages. */
    String names(PluginKind kind) {
        return byKind.get(kind).isEmpty() ? "(none loaded)" : String.join(", ", byKind.get(kind).keySet());
    }

    /** How many plugins were loaded. */
    public int size() {
        return byKind.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * Whether the plugin of this kind and name comes from the same classloader here and in {@code other}: the same
     * jar bytes, loaded once. False when either has no such plugin.
     *
     * @param other    another catalog, typically the one before a reload
     * @param kind     {@code auth}, {@code balancer}, {@code transform} or {@code monitor}
     * @param name     the plugin's name
     * @return whether both have it from one classloader
     */
    public boolean sameSource(PluginCatalog other, String kind, String name) {
        for (PluginKind k : PluginKind.values()) {
            if (k.label().equals(kind)) {
                Optional<LoadedPlugin> mine = find(k, name);
                Optional<LoadedPlugin> theirs = other.find(k, name);
                return mine.isPresent() && theirs.isPresent() && mine.get().loader() == theirs.get().loader();
            }
        }
        return false;
    }

    /**
     * Whether a plugin of this kind ({@code auth}, {@code balancer}, {@code transform} or {@code monitor}) and name
     * was loaded.
     */
    public boolean has(String kind, String name) {
        for (PluginKind k : PluginKind.values()) {
            if (k.label().equals(kind)) {
                return find(k, name).isPresent();
            }
        }
        return false;
    }

    /** The classloaders of this catalog's jars and folders. */
    public List<ClassLoader> classLoaders() {
        return sources.stream().<ClassLoader>map(Source::loader).toList();
    }

    /**
     * Closes this catalog's classloaders that none of {@code live} uses (after a reload, once no stream uses a plugin
     * of this catalog any more).
     *
     * @param live the catalogs still in use
     * @return how many were closed
     */
    public int closeLoadersNotIn(Collection<PluginCatalog> live) {
        Set<ClassLoader> used = Collections.newSetFromMap(new IdentityHashMap<>());
        live.forEach(c -> used.addAll(c.classLoaders()));
        List<PluginClassLoader> closing = new ArrayList<>();
        for (Source s : sources) {
            if (!used.contains(s.loader())) {
                closing.add(s.loader());
            }
        }
        closing.forEach(PluginCatalog::closeQuietly);
        return closing.size();
    }

    static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            LOGGER.warning("cannot close the classloader of " + loader.source() + ": " + e.getMessage());
        }
    }
}
