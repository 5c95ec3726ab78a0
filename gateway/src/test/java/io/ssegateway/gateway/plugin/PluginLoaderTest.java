package io.ssegateway.gateway.plugin;

import io.ssegateway.gateway.config.ConfigLoader;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.observe.HelidonGatewayMetrics;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.transform.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@Timeout(60)
class PluginLoaderTest {
    private static final HelidonGatewayMetrics METRICS = HelidonGatewayMetrics.isolated();
    private static final StreamInfo STREAM = new StreamInfo() {
        public long streamId() { return 1; }
        public String routeId() { return "events"; }
        public String upstream() { return ""; }
        public String clientAddress() { return "127.0.0.1"; }
        public String identity() { return ""; }
        public int status() { return 200; }
        public Instant started() { return Instant.now(); }
        public long events() { return 0; }
        public long bytes() { return 0; }
    };

    @TempDir
    Path home;

    @Test
    void twoPluginsBundlingDifferentVersionsOfOneLibraryBothWork() throws Exception {
        Path lib1 = PluginJars.library(home.resolve("build/lib-1.jar"), "v1");
        Path lib2 = PluginJars.library(home.resolve("build/lib-2.jar"), "v2");
        Path plugins = home.resolve("plugins");
        PluginJars.greetingTransform(plugins.resolve("a/tag-a.jar"), "tag-a", lib1);
        Files.copy(lib1, plugins.resolve("a/greeting.jar"));
        PluginJars.greetingTransform(plugins.resolve("b/tag-b.jar"), "tag-b", lib2);
        Files.copy(lib2, plugins.resolve("b/greeting.jar"));

        GatewaySettings settings = settings("""
                transforms = [ { type = "tag-a" }, { type = "tag-b", separator = "+" } ]
                """);
        Map<String, RoutePlugins> built = RoutePluginsBuilder.build(PluginLoader.load(plugins), settings, METRICS);

        SseEvent event = SseEvent.of("x");
        for (var t : built.get("events").transforms()) {
            event = t.apply(event, STREAM).get(0);
        }
        assertEquals("x|v1+v2", event.data());
    }

    @Test
    void aPluginThatTakesTheContextIsGivenItsRouteAndTheGatewaysMetrics() throws Exception {
        Path plugins = home.resolve("plugins");
        PluginJars.routeTaggingTransform(plugins.resolve("tagger.jar"), "route-tag");
        HelidonGatewayMetrics metrics = HelidonGatewayMetrics.isolated();

        Map<String, RoutePlugins> built = RoutePluginsBuilder.build(
                PluginLoader.load(plugins), settings("transforms = [ { type = route-tag }, { type = route-tag } ]"),
                metrics);

        SseEvent event = SseEvent.of("x");
        for (var t : built.get("events").transforms()) {
            event = t.apply(event, STREAM).get(0);
        }
        assertEquals("x@events@events", event.data());
        assertEquals(2, metrics.counter("test.instances", "instances made", "route", "events").count());
    }

    @Test
    void unknownPluginNameListsTheNamesThatExist() throws Exception {
        assertEquals(List.of("routes[0].transforms[0].type: unknown transform plugin (got: tag-x); available: tag-a"),
                     problemsWithTagA("transforms = [ { type = \"tag-x\" } ]"));
    }

    @Test
    void aMonitorThatCannotBeMadeIsReportedLikeEveryOtherPluginProblem() throws Exception {
        // it used to end the start with a NullPointerException instead of this list
        assertEquals(List.of("routes[0].monitors[0].type: unknown monitor plugin (got: nope); "
                             + "available: (none loaded)"),
                     problemsWithTagA("monitors = [ { type = \"nope\" } ]"));
    }

    @Test
    void unknownKeyInAPluginsConfigIsAnError() throws Exception {
        List<String> problems = problemsWithTagA("transforms = [ { type = \"tag-a\", sepparator = \"+\" } ]");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("routes[0].transforms[0].sepparator: unknown key"), problems.get(0));
    }

    @Test
    void aPluginBuiltForSpi1_0WithOnlyItsIntVersionLoadsAndWorks() throws Exception {
        // what javac made of "public int spiVersion() { return Spi.VERSION; }" against SPI 1.0: the number inlined,
        // no spiMinorVersion() of its own
        Path plugins = home.resolve("plugins");
        PluginJars.versionedTransform(plugins.resolve("old.jar"), "old", "public int spiVersion() { return 1; }");

        Map<String, RoutePlugins> built = RoutePluginsBuilder.build(PluginLoader.load(plugins),
                                                                    settings("transforms = [ { type = old } ]"),
                                                                    METRICS);

        assertEquals("x+old", built.get("events").transforms().get(0).apply(SseEvent.of("x"), STREAM).get(0).data());
    }

    @Test
    void aPluginBuiltForAnOlderMinorLoads() throws Exception {
        Path plugins = home.resolve("plugins");
        PluginJars.versionedTransform(plugins.resolve("p.jar"), "p", versionMethods(Spi.MAJOR, Spi.MINOR - 1));

        PluginCatalog catalog = PluginLoader.load(plugins);

        assertTrue(catalog.find(PluginKind.TRANSFORM, "p").isPresent());
    }

    static Stream<Arguments> refusedVersions() {
        String rule = "(a plugin loads when its major version equals the gateway's and its minor version is at most"
                      + " the gateway's)";
        String gateway = Spi.MAJOR + "." + Spi.MINOR;
        return Stream.of(
                arguments("a newer minor", Spi.MAJOR, Spi.MINOR + 1,
                          "minor version " + (Spi.MINOR + 1) + " is above the gateway's " + Spi.MINOR + " " + rule
                          + "; use a build of the plugin for SPI " + gateway + " or older, or a newer gateway"),
                arguments("the next major", Spi.MAJOR + 1, 0,
                          "major version " + (Spi.MAJOR + 1) + " is not the gateway's " + Spi.MAJOR + " " + rule
                          + "; use a build of the plugin for SPI " + Spi.MAJOR + ".x"));
    }

    @ParameterizedTest(name = "a plugin built for {0} version is refused, naming it, both versions and the rule")
    @MethodSource("refusedVersions")
    void aPluginBuiltForAnotherMajorOrANewerMinorIsRefused(String name, int major, int minor, String reason)
            throws Exception {
        Path plugins = home.resolve("plugins");
        PluginJars.versionedTransform(plugins.resolve("p.jar"), "p", versionMethods(major, minor));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginLoader.load(plugins));

        assertEquals(List.of("plugins/p.jar: transform plugin 'p' was built for SPI " + major + "." + minor
                             + ", which this gateway (SPI " + Spi.MAJOR + "." + Spi.MINOR + ") cannot load: "
                             + reason), e.problems());
    }

    private static String versionMethods(int major, int minor) {
        return "public int spiVersion() { return " + major + "; }\n"
               + "public int spiMinorVersion() { return " + minor + "; }";
    }

    @Test
    void aMisspelledRequiredKeyIsReportedBothAsMissingAndAsUnknown() throws Exception {
        Path plugins = home.resolve("plugins");
        PluginJars.prefixTransform(plugins.resolve("prefix.jar"), "prefix");
        GatewaySettings settings = settings("transforms = [ { type = \"prefix\", prefx = \">\" } ]");
        PluginLoadException e = assertThrows(PluginLoadException.class,
                () -> RoutePluginsBuilder.build(PluginLoader.load(plugins), settings, METRICS));
        assertEquals(List.of("routes[0].transforms[0].prefix: missing required key (got: nothing)",
                             "routes[0].transforms[0].prefx: unknown key, or not read before the problem at"
                                     + " routes[0].transforms[0].prefix (got: >)"),
                     e.problems());
    }

    @Test
    void aNameTwoJarsProvideFailsNamingBoth() throws Exception {
        Path lib = PluginJars.library(home.resolve("build/lib.jar"), "v1");
        Path plugins = home.resolve("plugins");
        PluginJars.greetingTransform(plugins.resolve("one.jar"), "tag", lib);
        PluginJars.greetingTransform(plugins.resolve("two.jar"), "tag", lib);
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginLoader.load(plugins));
        assertEquals(List.of("plugin name 'tag' (transform) is provided by both plugins/one.jar and plugins/two.jar;"
                             + " remove one of them"), e.problems());
    }

    @Test
    void aJarWithoutProviderFailsNamingTheJar() throws Exception {
        Path plugins = home.resolve("plugins");
        PluginJars.library(plugins.resolve("just-a-library.jar"), "v1");
        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginLoader.load(plugins));
        assertTrue(e.problems().get(0).startsWith("plugins/just-a-library.jar: no plugin provider found"),
                   e.problems().get(0));
    }

    @Test
    void pluginsSeeTheSpiButNotTheGateway() throws Exception {
        PluginCatalog catalog = PluginLoader.load(tagAPlugins());
        ClassLoader loader = catalog.find(PluginKind.TRANSFORM, "tag-a").orElseThrow().loader();
        assertEquals(SseEvent.class, loader.loadClass(SseEvent.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(PluginLoader.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.helidon.webserver.WebServer"));
    }

    /** A plugins folder with one transform, tag-a (in a/, with its own greeting library v1). */
    private Path tagAPlugins() throws Exception {
        Path plugins = home.resolve("plugins");
        PluginJars.greetingTransform(plugins.resolve("a/tag-a.jar"), "tag-a",
                                     PluginJars.library(plugins.resolve("a/greeting.jar"), "v1"));
        return plugins;
    }

    /** The problems of building a route with {@code routeExtra} from {@link #tagAPlugins()}; fails if none. */
    private List<String> problemsWithTagA(String routeExtra) throws Exception {
        Path plugins = tagAPlugins();
        GatewaySettings settings = settings(routeExtra);
        return assertThrows(PluginLoadException.class,
                () -> RoutePluginsBuilder.build(PluginLoader.load(plugins), settings, METRICS)).problems();
    }

    private GatewaySettings settings(String routeExtra) {
        return ConfigLoader.loadString("""
                demo-upstream { enabled = false }
                routes = [ { id = "events", path = "/events", upstreams = ["http://127.0.0.1:9"]
                  %s } ]
                """.formatted(routeExtra), home, Map.of());
    }
}
