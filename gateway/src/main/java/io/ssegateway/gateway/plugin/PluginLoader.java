package io.ssegateway.gateway.plugin;

import io.ssegateway.spi.PluginFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Finds plugins in the plugins folder: each {@code *.jar} directly in it, and each sub-folder of jars, becomes one
 * plugin source with its own {@link PluginClassLoader}; the factories its jars declare through
 * {@link ServiceLoader} are collected. Fails, listing every problem, on a source with no provider, a name two
 * sources provide, or a plugin built for an SPI version this gateway cannot load ({@link SpiVersion}: same major,
 * minor at most the gateway's).
 */
public final class PluginLoader {
    private static final Logger LOGGER = Logger.getLogger(PluginLoader.class.getName());
    private static final SpiVersion GATEWAY_SPI = SpiVersion.gateway();

    private PluginLoader() {
    }

    /** Loads every plugin under {@code dir}; a missing folder yields an empty catalog and a warning. */
    public static PluginCatalog load(Path dir) throws PluginLoadException {
        return load(dir, PluginCatalog.empty());
    }

    /**
     * Loads every plugin under {@code dir} for a reload: a jar or folder whose jars are byte for byte those of a
     * source in {@code previous} keeps that source's classloader and factories; any other gets a new classloader.
     * On a problem the classloaders made here are closed again and nothing of {@code previous} is touched.
     */
    public static PluginCatalog load(Path dir, PluginCatalog previous) throws PluginLoadException {
        if (!Files.isDirectory(dir)) {
            LOGGER.warning("plugins folder " + dir + " does not exist; no plugins loaded");
            return PluginCatalog.empty();
        }
        List<String> problems = new ArrayList<>();
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<PluginCatalog.Source> loaded = new ArrayList<>();
        List<PluginClassLoader> made = new ArrayList<>();
        Map<String, LoadedPlugin> byKindAndName = new HashMap<>();
        for (Path source : sources(dir, problems)) {
            List<Path> jars = jarsOf(source, problems);
            if (jars.isEmpty()) {
                continue;
            }
            String label = dir.getFileName() + "/" + source.getFileName();
            String fingerprint = fingerprint(jars, problems);
            Optional<PluginCatalog.Source> same = previous.source(label).filter(s -> s.fingerprint().equals(fingerprint));
            List<LoadedPlugin> found;
            PluginClassLoader loader;
            if (same.isPresent()) {
                loader = same.get().loader();
                found = same.get().plugins();
            } else {
                loader = new PluginClassLoader(label, urls(jars), PluginLoader.class.getClassLoader());
                made.add(loader);
                found = discover(label, loader, problems);
            }
            if (found.isEmpty() && problems.stream().noneMatch(p -> p.startsWith(label))) {
                problems.add(label + ": no plugin provider found (a plugin jar lists its factory classes in "
                             + "META-INF/services/io.ssegateway.spi.<kind>.<Kind>Factory; jars: "
                             + jars.stream().map(j -> j.getFileName().toString()).toList() + ")");
            }
            List<LoadedPlugin> kept = new ArrayList<>();
            for (LoadedPlugin p : found) {
                LoadedPlugin other = byKindAndName.putIfAbsent(p.kind() + "/" + p.name(), p);
                if (other != null) {
                    problems.add("plugin name '" + p.name() + "' (" + p.kind().label() + ") is provided by both "
                                 + other.source() + " and " + p.source() + "; remove one of them");
                } else {
                    plugins.add(p);
                    kept.add(p);
                    if (same.isEmpty()) {
                        LOGGER.info(() -> "plugin " + p.kind().label() + " '" + p.name() + "' loaded from "
                                + p.source() + " (built for SPI " + SpiVersion.of(p.factory()) + ")");
                    }
                }
            }
            loaded.add(new PluginCatalog.Source(label, fingerprint, loader, kept));
        }
        if (!problems.isEmpty()) {
            made.forEach(PluginCatalog::closeQuietly);
            throw new PluginLoadException(problems);
        }
        return new PluginCatalog(plugins, loaded);
    }

    /** The jars' names, sizes and CRC-32s: equal only when the same jars hold the same bytes. */
    private static String fingerprint(List<Path> jars, List<String> problems) {
        StringBuilder text = new StringBuilder();
        for (Path jar : jars) {
            CRC32 crc = new CRC32();
            try (InputStream in = Files.newInputStream(jar)) {
                byte[] buffer = new byte[16384];
                long size = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    crc.update(buffer, 0, n);
                    size += n;
                }
                text.append(jar.getFileName()).append(':').append(size).append(':').append(crc.getValue()).append(';');
            } catch (IOException e) {
                problems.add(jar + ": cannot read plugin jar: " + e.getMessage());
            }
        }
        return text.toString();
    }

    private static List<Path> sources(Path dir, List<String> problems) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(dir + ": cannot list plugins folder: " + e.getMessage());
            return List.of();
        }
    }

    private static List<Path> jarsOf(Path source, List<String> problems) {
        if (!Files.isDirectory(source)) {
            return List.of(source);
        }
        try (Stream<Path> entries = Files.list(source)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            problems.add(source + ": cannot list plugin folder: " + e.getMessage());
            return List.of();
        }
    }

    private static URL[] urls(List<Path> jars) {
        return jars.stream().map(j -> {
            try {
                return j.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(URL[]::new);
    }

    private static List<LoadedPlugin> discover(String label, PluginClassLoader loader, List<String> problems) {
        List<LoadedPlugin> found = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            try {
                for (PluginFactory<?> factory : ServiceLoader.load(kind.factoryType(), loader)) {
                    if (factory.getClass().getClassLoader() != loader) {
                        continue;
                    }
                    SpiVersion built = SpiVersion.of(factory);
                    Optional<String> refusal = GATEWAY_SPI.refusal(built);
                    if (refusal.isPresent()) {
                        problems.add(label + ": " + kind.label() + " plugin '" + factory.name() + "' was built for SPI "
                                     + built + ", which this gateway (SPI " + GATEWAY_SPI + ") cannot load: "
                                     + refusal.get());
                        continue;
                    }
                    found.add(new LoadedPlugin(kind, factory, label, loader));
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(label + ": cannot load its " + kind.label() + " plugin: " + e.getMessage());
            }
        }
        return found;
    }
}
