package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the zip holds, read straight from the zip. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DistributionLayoutIT {
    private static FileSystem zip;
    private static Path home;

    @BeforeAll
    static void openZip() throws IOException {
        zip = UnzippedDistribution.openZip();
        home = zip.getPath("/", UnzippedDistribution.folderName());
    }

    @AfterAll
    static void closeZip() throws IOException {
        zip.close();
    }

    @Test
    void theZipHoldsOneFolderNamedAfterTheVersion() throws IOException {
        assertEquals(List.of(UnzippedDistribution.folderName()), names(zip.getPath("/")));
        assertEquals(List.of("bin", "conf", "lib", "plugins", "spi"), names(home));
    }

    @Test
    void spiHoldsTheSpiJarWithItsJavadocAndSourcesForPluginAuthors() throws IOException {
        String version = UnzippedDistribution.folderName().substring("sse-gateway-".length());
        assertEquals(List.of("sse-gateway-spi-" + version + "-javadoc.jar", "sse-gateway-spi-" + version
                                     + "-sources.jar", "sse-gateway-spi-" + version + ".jar"),
                     names(home.resolve("spi")));
        Path copies = Files.createTempDirectory("spi-jars");
        Path javadocJar = Files.copy(home.resolve("spi/sse-gateway-spi-" + version + "-javadoc.jar"),
                                     copies.resolve("javadoc.jar"));
        Path sourcesJar = Files.copy(home.resolve("spi/sse-gateway-spi-" + version + "-sources.jar"),
                                     copies.resolve("sources.jar"));
        try (java.nio.file.FileSystem javadoc = java.nio.file.FileSystems.newFileSystem(javadocJar);
             java.nio.file.FileSystem sources = java.nio.file.FileSystems.newFileSystem(sourcesJar)) {
            assertTrue(Files.readString(javadoc.getPath("io/ssegateway/spi/transform/SseEvent.html"))
                               .contains("effectiveType"), "SseEvent's javadoc names effectiveType()");
            assertTrue(Files.isRegularFile(sources.getPath("io/ssegateway/spi/transform/SseEvent.java")));
        }
        assertEquals(Files.size(home.resolve("lib/sse-gateway-spi-" + version + ".jar")),
                     Files.size(home.resolve("spi/sse-gateway-spi-" + version + ".jar")), "the same SPI jar");
    }

    @Test
    void theLaunchScriptIsTheOnlyFileInBinAndIsExecutable() throws IOException {
        assertEquals(List.of("sse-gateway"), names(home.resolve("bin")));
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(home.resolve("bin/sse-gateway"));
        assertTrue(permissions.containsAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                                                  PosixFilePermission.OTHERS_EXECUTE)),
                   "bin/sse-gateway mode: " + permissions);
        String script = Files.readString(home.resolve("bin/sse-gateway"));
        assertTrue(script.startsWith("#!/bin/sh\n"), "a POSIX sh script");
        assertFalse(script.contains("\r"), "unix line endings");
    }

    @Test
    void confHoldsTheConfigAndTheLoggingProperties() throws IOException {
        assertEquals(List.of("gateway.conf", "logging.properties"), names(home.resolve("conf")));
    }

    @Test
    void libHoldsTheGatewayAndTheSpiButNoPlugin() throws IOException {
        List<String> lib = names(home.resolve("lib"));
        String version = UnzippedDistribution.folderName().substring("sse-gateway-".length());
        assertTrue(lib.contains("sse-gateway-" + version + ".jar"), "lib/: " + lib);
        assertTrue(lib.contains("sse-gateway-spi-" + version + ".jar"), "lib/: " + lib);
        assertTrue(lib.stream().allMatch(name -> name.endsWith(".jar")), "lib/: " + lib);
        assertTrue(lib.stream().noneMatch(name -> name.startsWith("sse-gateway-plugin")), "lib/: " + lib);
        assertTrue(lib.stream().noneMatch(name -> name.startsWith("junit")), "lib/: " + lib);
    }

    @Test
    void pluginsHoldsTheReadmeAndOneFolderPerShippedPluginModule() throws IOException {
        List<PluginModules.Module> modules = PluginModules.all();
        Set<String> expected = new TreeSet<>();
        expected.add("README.md");
        modules.stream().filter(PluginModules.Module::shipped).forEach(m -> expected.add(m.pluginName()));
        assertEquals(expected, new TreeSet<>(names(home.resolve("plugins"))),
                     "plugins/ must match the plugin modules of plugins/pom.xml (those without plugin.staging.skip); "
                             + "if one is missing, was it built before the distribution?");
        for (PluginModules.Module module : modules) {
            if (module.shipped()) {
                List<String> jars = names(home.resolve("plugins").resolve(module.pluginName()));
                assertTrue(jars.contains(module.artifactId() + ".jar"), module.pluginName() + "/: " + jars);
                assertTrue(jars.stream().noneMatch(name -> name.startsWith("sse-gateway-spi")),
                           module.pluginName() + "/ must not hold the SPI: " + jars);
                assertTrue(jars.stream().allMatch(name -> name.endsWith(".jar")), module.pluginName() + "/: " + jars);
            }
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(p -> p.getFileName().toString().replaceAll("/$", "")).sorted()
                    .collect(Collectors.toList());
        }
    }
}
