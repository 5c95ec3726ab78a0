package io.ssegateway.gateway.plugin;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Compiles small Java sources into real jars, so plugin loading is tested with real jars and classloaders. */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * Compiles sources (class name to source) against the test classpath plus {@code extraClasspath} and writes a
     * jar with the classes and these extra resources (path to content).
     */
    static Path jar(Path jar, Map<String, String> sources, Map<String, String> resources, Path... extraClasspath)
            throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "21", "-cp",
                                                    classpath(extraClasspath)));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, System.err, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("test plugin did not compile");
        }
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                out.putNextEntry(new JarEntry(r.getKey()));
                write(out, r.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String classpath(Path... extra) {
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (Path p : extra) {
            cp.append(java.io.File.pathSeparator).append(p);
        }
        return cp.toString();
    }

    /** A library jar with {@code com.example.lib.Greeting.text()} returning {@code text}. */
    static Path library(Path jar, String text) throws IOException {
        return jar(jar, Map.of("com.example.lib.Greeting", """
                package com.example.lib;
                public final class Greeting {
                    public static String text() { return "%s"; }
                }
                """.formatted(text)), Map.of());
    }

    /** A transform plugin named {@code name} that appends {@code |<Greeting.text()>} to each event's data. */
    static Path greetingTransform(Path jar, String name, Path library) throws IOException {
        String pkg = "com.example." + name.replace('-', '_');
        return jar(jar, Map.of(pkg + ".Factory", """
                package %s;
                import io.ssegateway.spi.*;
                import io.ssegateway.spi.transform.*;
                import java.util.List;
                public final class Factory implements EventTransformFactory {
                    public String name() { return "%s"; }
                    public int spiVersion() { return Spi.VERSION; }
                    public EventTransform create(PluginConfig config) {
                        String sep = config.string("separator").orElse("|");
                        return (event, stream) -> List.of(event.withData(event.data() + sep
                                + com.example.lib.Greeting.text()));
                    }
                }
                """.formatted(pkg, name)),
                   Map.of("META-INF/services/io.ssegateway.spi.transform.EventTransformFactory", pkg + ".Factory\n"),
                   library);
    }

    /** A transform plugin named {@code name} that requires the key {@code prefix} and prepends it to the data. */
    static Path prefixTransform(Path jar, String name) throws IOException {
        String pkg = "com.example." + name.replace('-', '_');
        return jar(jar, Map.of(pkg + ".Factory", """
                package %s;
                import io.ssegateway.spi.*;
                import io.ssegateway.spi.transform.*;
                import java.util.List;
                public final class Factory implements EventTransformFactory {
                    public String name() { return "%s"; }
                    public int spiVersion() { return Spi.VERSION; }
                    public EventTransform create(PluginConfig config) {
                        String prefix = config.requireString("prefix");
                        return (event, stream) -> List.of(event.withData(prefix + event.data()));
                    }
                }
                """.formatted(pkg, name)),
                   Map.of("META-INF/services/io.ssegateway.spi.transform.EventTransformFactory", pkg + ".Factory\n"));
    }

    /**
     * A transform plugin named {@code name} built through the context: it counts its instances on the meter
     * {@code test.instances} tagged with the route and appends {@code @<route id>} to each event's data.
     */
    static Path routeTaggingTransform(Path jar, String name) throws IOException {
        String pkg = "com.example." + name.replace('-', '_');
        return jar(jar, Map.of(pkg + ".Factory", """
                package %s;
                import io.ssegateway.spi.*;
                import io.ssegateway.spi.transform.*;
                import java.util.List;
                public final class Factory implements EventTransformFactory {
                    public String name() { return "%s"; }
                    public int spiVersion() { return Spi.VERSION; }
                    public EventTransform create(PluginConfig config) {
                        throw new IllegalStateException("the gateway calls create(config, context)");
                    }
                    public EventTransform create(PluginConfig config, PluginContext context) {
                        context.metrics().counter("test.instances", "instances made", "route", context.routeId())
                                .increment();
                        return (event, stream) -> List.of(event.withData(event.data() + "@" + context.routeId()));
                    }
                }
                """.formatted(pkg, name)),
                   Map.of("META-INF/services/io.ssegateway.spi.transform.EventTransformFactory", pkg + ".Factory\n"));
    }
}
