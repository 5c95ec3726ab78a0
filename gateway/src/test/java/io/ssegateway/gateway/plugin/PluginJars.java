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
public final class PluginJars {
    private PluginJars() {
    }

    /**
     * Compiles sources (class name to source) against the test classpath plus {@code extraClasspath} and writes a
     * jar with the classes and these extra resources (path to content).
     */
    public static Path jar(Path jar, Map<String, String> sources, Map<String, String> resources, Path... extraClasspath)
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
    public static Path library(Path jar, String text) throws IOException {
        return jar(jar, Map.of("com.example.lib.Greeting", """
                package com.example.lib;
                public final class Greeting {
                    public static String text() { return "%s"; }
                }
                """.formatted(text)), Map.of());
    }

    /** A transform plugin named {@code name} that appends {@code |<Greeting.text()>} to each event's data. */
    public static Path greetingTransform(Path jar, String name, Path library) throws IOException {
        return transformPlugin(jar, name, """
                public int spiVersion() { return Spi.MAJOR; }
                public EventTransform create(PluginConfig config) {
                    String sep = config.string("separator").orElse("|");
                    return (event, stream) -> List.of(event.withData(event.data() + sep
                            + com.example.lib.Greeting.text()));
                }
                """, library);
    }

    /** A transform plugin named {@code name} that requires the key {@code prefix} and prepends it to the data. */
    public static Path prefixTransform(Path jar, String name) throws IOException {
        return transformPlugin(jar, name, """
                public int spiVersion() { return Spi.VERSION; }
                public EventTransform create(PluginConfig config) {
                    String prefix = config.requireString("prefix");
                    return (event, stream) -> List.of(event.withData(prefix + event.data()));
                }
                """);
    }

    /**
     * A transform plugin named {@code name} built through the context: it counts its instances on the meter
     * {@code test.instances} tagged with the route and appends {@code @<route id>} to each event's data.
     */
    public static Path routeTaggingTransform(Path jar, String name) throws IOException {
        return transformPlugin(jar, name, """
                public int spiVersion() { return Spi.MAJOR; }
                public EventTransform create(PluginConfig config) {
                    throw new IllegalStateException("the gateway calls create(config, context)");
                }
                public EventTransform create(PluginConfig config, PluginContext context) {
                    context.metrics().counter("test.instances", "instances made", "route", context.routeId())
                            .increment();
                    return (event, stream) -> List.of(event.withData(event.data() + "@" + context.routeId()));
                }
                """);
    }

    /**
     * A transform plugin named {@code name} that declares its SPI version with {@code versionMethods}, the source of
     * its factory's {@code spiVersion()} and, if any, {@code spiMinorVersion()}.
     */
    public static Path versionedTransform(Path jar, String name, String versionMethods) throws IOException {
        return transformPlugin(jar, name, versionMethods + "\n" + """
                public EventTransform create(PluginConfig config) {
                    return (event, stream) -> List.of(event.withData(event.data() + "+%s"));
                }
                """.formatted(name));
    }

    /**
     * A jar with one transform plugin named {@code name}, registered in {@code META-INF/services}: the class
     * {@code com.example.<name>.Factory}, whose members after {@code name()} are {@code members} (it may use the SPI's
     * packages and {@code java.util.List}), compiled against the test classpath plus {@code extraClasspath}.
     */
    private static Path transformPlugin(Path jar, String name, String members, Path... extraClasspath)
            throws IOException {
        String pkg = "com.example." + name.replace('-', '_');
        return jar(jar, Map.of(pkg + ".Factory", """
                package %s;
                import io.ssegateway.spi.*;
                import io.ssegateway.spi.transform.*;
                import java.util.List;
                public final class Factory implements EventTransformFactory {
                    public String name() { return "%s"; }
                %s}
                """.formatted(pkg, name, members.indent(4))),
                   Map.of("META-INF/services/io.ssegateway.spi.transform.EventTransformFactory", pkg + ".Factory\n"),
                   extraClasspath);
    }

    /**
     * Plugins of every kind named {@code close-count}, and a transform {@code close-throws}, whose instances count
     * their closing on the context's metrics: {@code test.closed} (tags route, plugin, kind) each time,
     * {@code test.closed.again} when an instance is closed a second time, and {@code test.closed.streaming}
     * when an instance is closed while the monitor has seen a stream open and not yet closed. {@code close-throws}
     * counts and then throws from {@code close()}; {@code close-hangs} counts and then never returns from it.
     */
    public static Path closeCountingPlugins(Path jar) throws IOException {
        String pkg = "com.example.closing";
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        sources.put(pkg + ".Counted", """
                package com.example.closing;
                import io.ssegateway.spi.*;
                import java.util.concurrent.CountDownLatch;
                import java.util.concurrent.atomic.*;
                public abstract class Counted implements Plugin {
                    static final AtomicInteger OPEN_STREAMS = new AtomicInteger();
                    private final PluginContext context;
                    private final String name;
                    private final String kind;
                    private final AtomicBoolean closed = new AtomicBoolean();
                    protected Counted(PluginContext context, String name, String kind) {
                        this.context = context;
                        this.name = name;
                        this.kind = kind;
                    }
                    private void count(String meter) {
                        context.metrics().counter(meter, meter, "route", context.routeId(), "plugin", name,
                                                  "kind", kind).increment();
                    }
                    @Override
                    public void close() throws Exception {
                        count("test.closed");
                        if (!closed.compareAndSet(false, true)) {
                            count("test.closed.again");
                        }
                        if (OPEN_STREAMS.get() != 0) {
                            count("test.closed.streaming");
                        }
                        if (name.equals("close-throws")) {
                            throw new java.io.IOException("the disk is gone");
                        }
                        if (name.equals("close-hangs")) {
                            new CountDownLatch(1).await(); // a plugin that never finishes closing
                        }
                    }
                }
                """);
        sources.put(pkg + ".Factories", """
                package com.example.closing;
                import io.ssegateway.spi.*;
                import io.ssegateway.spi.auth.*;
                import io.ssegateway.spi.balancer.*;
                import io.ssegateway.spi.monitor.*;
                import io.ssegateway.spi.transform.*;
                import java.net.URI;
                import java.util.List;
                public final class Factories {
                    private Factories() {
                    }
                    abstract static class Base<T> implements PluginFactory<T> {
                        public String name() { return "close-count"; }
                        public int spiVersion() { return Spi.MAJOR; }
                        public int spiMinorVersion() { return Spi.MINOR; }
                        public T create(PluginConfig config) { throw new IllegalStateException("needs a context"); }
                    }
                    public static final class Auth extends Base<Authenticator> implements AuthenticatorFactory {
                        public Authenticator create(PluginConfig config, PluginContext context) {
                            class Instance extends Counted implements Authenticator {
                                Instance() { super(context, "close-count", "auth"); }
                                public AuthDecision authenticate(RequestView request) {
                                    return AuthDecision.allow("");
                                }
                            }
                            return new Instance();
                        }
                    }
                    public static final class Pick extends Base<Balancer> implements BalancerFactory {
                        public Balancer create(PluginConfig config, PluginContext context) {
                            class Instance extends Counted implements Balancer {
                                Instance() { super(context, "close-count", "balancer"); }
                                public URI pick(List<URI> usable, RequestView request) { return usable.get(0); }
                            }
                            return new Instance();
                        }
                    }
                    public static final class Watch extends Base<StreamMonitor> implements StreamMonitorFactory {
                        public StreamMonitor create(PluginConfig config, PluginContext context) {
                            class Instance extends Counted implements StreamMonitor {
                                Instance() { super(context, "close-count", "monitor"); }
                                public void streamOpened(StreamInfo stream) { OPEN_STREAMS.incrementAndGet(); }
                                public void streamClosed(StreamInfo stream, CloseReason reason) {
                                    OPEN_STREAMS.decrementAndGet();
                                }
                            }
                            return new Instance();
                        }
                    }
                    public static final class Change extends Base<EventTransform> implements EventTransformFactory {
                        public EventTransform create(PluginConfig config, PluginContext context) {
                            return new Transform(context, "close-count");
                        }
                    }
                    public static final class Throwing extends Base<EventTransform> implements EventTransformFactory {
                        public String name() { return "close-throws"; }
                        public EventTransform create(PluginConfig config, PluginContext context) {
                            return new Transform(context, "close-throws");
                        }
                    }
                    public static final class Hanging extends Base<EventTransform> implements EventTransformFactory {
                        public String name() { return "close-hangs"; }
                        public EventTransform create(PluginConfig config, PluginContext context) {
                            return new Transform(context, "close-hangs");
                        }
                    }
                    static final class Transform extends Counted implements EventTransform {
                        Transform(PluginContext context, String name) { super(context, name, "transform"); }
                        public List<SseEvent> apply(SseEvent event, StreamInfo stream) { return List.of(event); }
                    }
                }
                """);
        return jar(jar, sources, Map.of(
                "META-INF/services/io.ssegateway.spi.auth.AuthenticatorFactory", pkg + ".Factories$Auth\n",
                "META-INF/services/io.ssegateway.spi.balancer.BalancerFactory", pkg + ".Factories$Pick\n",
                "META-INF/services/io.ssegateway.spi.monitor.StreamMonitorFactory", pkg + ".Factories$Watch\n",
                "META-INF/services/io.ssegateway.spi.transform.EventTransformFactory",
                pkg + ".Factories$Change\n" + pkg + ".Factories$Throwing\n" + pkg + ".Factories$Hanging\n"));
    }
}
