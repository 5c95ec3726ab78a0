package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Follows docs/writing-a-plugin.md literally on the unzipped distribution: the files and commands the guide marks
 * ({@code <!-- guide-test: ... -->}) are taken from the page itself, so the guide and this test cannot drift.
 * <p>
 * Maven runs offline with an empty local repository. Its only repository is a stand-in for Maven Central: the
 * build's own local repository without any {@code io.ssegateway} artifact, served as a {@code file:} URL. So the
 * plugin's build finds the SPI only as the guide installs it, from the zip's {@code spi/}. A {@code mvn} first on the
 * PATH adds those options to every command of the guide, which run in bash in the plugin's folder with
 * {@code GATEWAY_HOME} set to the unzipped distribution and {@code JAVA_HOME} to the JDK running the tests.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WritingAPluginGuideIT extends OnTheUnzippedZip {
    private static final Pattern MARKED_BLOCK = Pattern.compile(
            "<!-- guide-test: ([^>]*?) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(120);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    @Test
    void theGuidesPluginBuildsWithTheGuidesCommandsAndRedactsTheDemoStream() throws Exception {
        String guide = Files.readString(Path.of(System.getProperty("sse.gateway.guide", "(sse.gateway.guide unset)")));
        List<String[]> blocks = markedBlocks(guide);
        Path plugin = Files.createDirectories(work.resolve("redact-plugin"));
        Map<String, String> env = mavenEnvironment();
        try {
            followTheGuide(guide, blocks, plugin, env);
        } finally {
            unlinkCentralStandIn();
        }
    }

    private void followTheGuide(String guide, List<String[]> blocks, Path plugin, Map<String, String> env)
            throws Exception {

        int files = 0;
        int commands = 0;
        for (String[] block : blocks) {
            String mark = block[0];
            if (mark.startsWith("file ")) {
                Path file = plugin.resolve(mark.substring("file ".length()));
                Files.createDirectories(file.getParent());
                Files.writeString(file, block[1]);
                files++;
            } else if (mark.equals("run")) {
                ScriptRun run = ScriptRun.run(List.of("bash", "-e", "-c", block[1]), env, plugin, COMMAND_LIMIT);
                assertEquals(0, run.exitCode(), "the guide's commands\n" + block[1] + "\n" + tail(run.describe()));
                commands++;
            }
        }
        assertEquals(4, files, "pom.xml, two classes and the service file: " + marks(blocks));
        assertEquals(2, commands, "install the SPI; build and drop in: " + marks(blocks));
        assertTrue(Files.isRegularFile(distribution.home().resolve("plugins/redact/redact-plugin-1.0.0.jar")));

        ShippedConfig shipped = ShippedConfig.withFreePorts(distribution, work);
        String config = Files.readString(shipped.file());
        String routeLine = "    id = \"events\"";
        assertTrue(config.contains(routeLine), "the shipped config's route events");
        Files.writeString(shipped.file(), config.replace(routeLine, block(blocks, "route keys") + routeLine));

        RunningGateway gateway = startGateway(shipped.file(), shipped.port());
        try (HttpClient client = HttpClient.newHttpClient()) {
            String logged = loggedLine(guide);
            assertTrue(gateway.output().contains(logged), "the guide's log line `" + logged + "`\n" + gateway.output());
            String expected = block(blocks, "output");
            HttpResponse<InputStream> response = SseStreams.open(client, shipped.port(), "/events");
            try (InputStream body = response.body()) {
                assertEquals(200, response.statusCode(), gateway.output());
                assertEquals(expected + "\n", read(body, expected.length() + 1), "the guide's sample output");
            }
            assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
        }
    }

    /**
     * The environment of the guide's commands: a {@code mvn} first on the PATH that runs the real one offline with a
     * fresh local repository and Central replaced by the build's repository without {@code io.ssegateway}.
     */
    private Map<String, String> mavenEnvironment() throws IOException {
        Path repository = Path.of(System.getProperty("sse.gateway.maven.repository", "(unset)"));
        assertTrue(Files.isDirectory(repository.resolve("org/apache/maven/plugins")), repository.toString());
        Path central = Files.createDirectories(work.resolve("central-stand-in"));
        linkAllBut(repository, central, "io");
        linkAllBut(repository.resolve("io"), Files.createDirectories(central.resolve("io")), "ssegateway");
        Path local = Files.createDirectories(work.resolve("empty-local-repository"));
        Path settings = Files.writeString(work.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror><id>central-stand-in</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(central.toUri()));
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, """
                #!/bin/sh
                exec '%s' -B -o -Daether.offline.protocols=file -s '%s' -Dmaven.repo.local='%s' "$@"
                """.formatted(realMaven(), settings, local));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = ChildEnvironment.withTestJdk();
        // Maven's own JVM: C1 only, which starts each short build seconds sooner; nothing the guide's build sees
        env.put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1");
        env.remove("MAVEN_ARGS");
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("GATEWAY_HOME", distribution.home().toString());
        return env;
    }

    /** Removes the stand-in's links before the work folder is deleted (JUnit warns about each link otherwise). */
    private void unlinkCentralStandIn() throws IOException {
        Path central = work.resolve("central-stand-in");
        for (Path folder : List.of(central.resolve("io"), central)) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> entries = Files.list(folder)) {
                    for (Path link : entries.filter(Files::isSymbolicLink).toList()) {
                        Files.delete(link);
                    }
                }
            }
        }
    }

    /** Links every entry of {@code from} but {@code except} into {@code to}. */
    private static void linkAllBut(Path from, Path to, String except) throws IOException {
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : entries.filter(e -> !e.getFileName().toString().equals(except)).toList()) {
                Files.createSymbolicLink(to.resolve(entry.getFileName()), entry);
            }
        }
    }

    /** The {@code mvn} on this process's PATH. */
    private static Path realMaven() {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, "mvn");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no mvn on the PATH: " + System.getenv("PATH"));
    }

    /** Each marked block: {mark, text}, in page order. */
    private static List<String[]> markedBlocks(String guide) {
        List<String[]> blocks = new ArrayList<>();
        Matcher m = MARKED_BLOCK.matcher(guide);
        while (m.find()) {
            blocks.add(new String[] {m.group(1), m.group(2)});
        }
        return blocks;
    }

    private static String block(List<String[]> blocks, String mark) {
        List<String> found = blocks.stream().filter(b -> b[0].equals(mark)).map(b -> b[1]).toList();
        assertEquals(1, found.size(), "blocks marked `" + mark + "` in the guide: " + marks(blocks));
        return found.getFirst();
    }

    private static List<String> marks(List<String[]> blocks) {
        return blocks.stream().map(b -> b[0]).toList();
    }

    /** The gateway's log line the guide shows, e.g. {@code plugin transform 'redact' loaded from plugins/redact}. */
    private static String loggedLine(String guide) {
        Matcher m = Pattern.compile("# INFO \\.\\.\\. PluginLoader: (.*)").matcher(guide);
        assertTrue(m.find(), "the guide shows the gateway's log line of the plugin");
        String line = m.group(1);
        assertFalse(line.isBlank());
        return line;
    }

    /** Exactly {@code count} characters (ASCII) of the body. */
    private static String read(InputStream body, int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (bytes.size() < count) {
            int b = body.read();
            if (b == -1) {
                break;
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }
}
