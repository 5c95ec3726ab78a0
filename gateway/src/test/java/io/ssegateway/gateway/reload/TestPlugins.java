package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.plugin.PluginJars;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The reload tests' plugin jars, compiled once per test run (javac takes seconds) into one folder and copied into
 * each test's plugins folder: {@code prefix.jar} (transform {@code prefix}), {@code close-count.jar} (plugins that
 * count their closing), {@code greet.jar} (transform {@code greet}, which appends {@code |<Greeting.text()>} from
 * a library jar) and its libraries {@code lib-v1.jar} and {@code lib-v2.jar} (texts {@code v1} and {@code v2}).
 */
final class TestPlugins {
    private static Path built;

    private TestPlugins() {
    }

    private static synchronized Path built() {
        if (built == null) {
            try {
                Path dir = Files.createTempDirectory("reload-test-plugins");
                PluginJars.prefixTransform(dir.resolve("prefix.jar"), "prefix");
                PluginJars.closeCountingPlugins(dir.resolve("close-count.jar"));
                Path v1 = PluginJars.library(dir.resolve("lib-v1.jar"), "v1");
                PluginJars.library(dir.resolve("lib-v2.jar"), "v2");
                PluginJars.greetingTransform(dir.resolve("greet.jar"), "greet", v1);
                built = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return built;
    }

    /** Copies a built jar into {@code dir} under its own name. */
    static Path copy(String jar, Path dir) throws IOException {
        return copy(jar, dir, jar);
    }

    /** Copies a built jar into {@code dir} as {@code name}, replacing what is there (as an operator's cp would). */
    static Path copy(String jar, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.copy(built().resolve(jar), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
