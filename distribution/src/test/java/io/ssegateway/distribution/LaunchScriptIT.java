package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bin/sse-gateway from the unzipped zip, run against stand-in Java binaries ({@link FakeJava}) that print how they
 * were called: which Java it picks, and the command line it hands that Java. The JDK scan folder is moved with
 * SSE_GATEWAY_JVM_DIR so the machine's own JDKs never take part.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LaunchScriptIT extends OnTheUnzippedZip {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void handsJavaTheDefaultsThenJavaOptsThenHomeConfigAndTheRestOfTheArguments() throws Exception {
        Path java22 = FakeJava.install(work.resolve("jdk-22"), "22.0.1");
        Path caller = Files.createDirectories(work.resolve("caller"));
        Map<String, String> env = env(java22, List.of(), work.resolve("no-jvms"));
        env.put("JAVA_OPTS", "-Xmx64m -Dsome.flag=1");

        ScriptRun run = ScriptRun.run(List.of(distribution.script().toString(), "--verbose", "--config", "my.conf",
                                              "two words"), env, caller, LIMIT);

        String home = distribution.home().toRealPath().toString();
        assertEquals(List.of("ran " + java22.resolve("bin/java"),
                             "-XX:+UseSerialGC", "-Xmn48m", "-Xss256k", "-XX:MaxRAMPercentage=25", "-Djdk.pollerMode=1",
                             "-Xmx64m", "-Dsome.flag=1",
                             "-Djava.util.logging.config.file=" + home + "/conf/logging.properties",
                             "-Dsse.gateway.home=" + home,
                             "-cp", home + "/lib/*",
                             "io.ssegateway.gateway.Main",
                             "--home", home,
                             "--config", caller + "/my.conf",
                             "--verbose", "two words"),
                     run.stdoutLines(), run.describe());
        assertEquals(0, run.exitCode(), run.describe());
    }

    @Test
    void givesJava25AndNewerCompactObjectHeadersAndNativeHeapTrimmingAndOlderJavasNot() throws Exception {
        for (String version : List.of("25.0.1", "26", "21.0.2", "24.0.1")) {
            Path java = FakeJava.install(work.resolve("jdk-" + version), version);
            ScriptRun run = ScriptRun.run(List.of(distribution.script().toString()),
                                          env(java, List.of(), work.resolve("no-jvms")), work, LIMIT);
            boolean compact = Integer.parseInt(version.split("\\.")[0]) >= 25;
            assertEquals(compact, run.stdoutLines().contains("-XX:+UseCompactObjectHeaders"),
                         "Java " + version + ": " + run.describe());
            assertEquals(compact, run.stdoutLines().contains("-XX:TrimNativeHeapInterval=2000"),
                         "Java " + version + ": " + run.describe());
            assertEquals(0, run.exitCode(), run.describe());
        }
    }

    @Test
    void readsTheJavaVersionFromTheJdksReleaseFileWithoutStartingIt() throws Exception {
        // -version would say 17 (refused); the release file says 25, and only it is read
        Path jdk = FakeJava.installWithRelease(work.resolve("jdk-release"), "17.0.9", "25.0.1", "25.0.1+9-LTS");
        ScriptRun run = ScriptRun.run(List.of(distribution.script().toString()),
                                      env(jdk, List.of(), work.resolve("no-jvms")), work, LIMIT);
        assertEquals("ran " + jdk.resolve("bin/java"), run.stdoutLines().get(0), run.describe());
        assertEquals(0, run.exitCode(), run.describe());
    }

    @Test
    void readsTheReleaseFileOfTheJdkThatAJavaSymlinkOnPathLeadsTo() throws Exception {
        // as /usr/bin/java -> /etc/alternatives/java -> <jdk>/bin/java: -version would say 17, the release file 25
        Path jdk = FakeJava.installWithRelease(work.resolve("jvm/jdk-25"), "17.0.9", "25.0.1", "25.0.1+9-LTS");
        Path alternatives = Files.createDirectories(work.resolve("alternatives"));
        Files.createSymbolicLink(alternatives.resolve("java"), jdk.resolve("bin/java"));
        Path usrBin = Files.createDirectories(work.resolve("usr-bin"));
        Files.createSymbolicLink(usrBin.resolve("java"), Path.of("../alternatives/java"));
        ScriptRun run = ScriptRun.run(List.of(distribution.script().toString()),
                                      env(null, List.of(usrBin, Path.of("/usr/bin"), Path.of("/bin")),
                                          work.resolve("no-jvms")), work, LIMIT); // readlink comes from /usr/bin
        assertEquals("ran " + usrBin.resolve("java"), run.stdoutLines().isEmpty() ? "" : run.stdoutLines().get(0),
                     run.describe());
        assertEquals(0, run.exitCode(), run.describe());
    }

    @Test
    void onJava25TheFirstStartRecordsAnAotCacheForItsJvmBuildAndLaterStartsUseIt() throws Exception {
        Map<String, String> env = aotEnv();
        Path cacheDir = Path.of(env.get("SSE_GATEWAY_CACHE_DIR"));
        Path cache = cacheDir.resolve("sse-gateway-25.0.1_9-LTS.aot");

        ScriptRun first = ScriptRun.run(List.of(distribution.script().toString()), env, work, LIMIT);
        assertTrue(first.stdoutLines().contains("-XX:AOTMode=record"), first.describe());
        String recording = first.stdoutLines().stream().filter(a -> a.startsWith("-XX:AOTConfiguration=")).findFirst()
                .orElseThrow(() -> new AssertionError("no recording: " + first.describe()))
                .substring("-XX:AOTConfiguration=".length());
        assertEquals(cacheDir, Path.of(recording).getParent(), first.describe());
        assertEquals(0, first.exitCode(), first.describe());
        assertEquals(List.of(cache), filesIn(cacheDir), "the clean exit's recording becomes the cache");
        assertEquals("cache from recorded", Files.readString(cache).strip(), "written from the recording");
        assertEquals(List.of("sse-gateway: start-up cache written to " + cache + " (later starts use it)"),
                     first.stderrLines(), "one line about the cache, nothing of the JVM's: " + first.describe());
        assertFalse(first.stdout().contains("AOTConfiguration recorded") || first.stdout().contains("AOTCache"),
                    first.describe());

        ScriptRun later = ScriptRun.run(List.of(distribution.script().toString()), env, work, LIMIT);
        assertTrue(later.stdoutLines().contains("-XX:AOTCache=" + cache), later.describe());
        assertFalse(later.stdoutLines().stream().anyMatch(a -> a.startsWith("-XX:AOTMode")), later.describe());
        assertEquals(List.of(), later.stderrLines(), later.describe());

        env.put("SSE_GATEWAY_AOT", "off");
        ScriptRun off = ScriptRun.run(List.of(distribution.script().toString()), env, work, LIMIT);
        assertFalse(off.stdoutLines().stream().anyMatch(a -> a.startsWith("-XX:AOT")), off.describe());
        assertEquals(0, off.exitCode(), off.describe());
    }

    @Test
    void aCacheThatCannotBeWrittenIsOneLineNamingItsLogAndTheStartStillSucceeds() throws Exception {
        Map<String, String> env = aotEnv();
        env.put("FAKE_JAVA_CREATE_EXIT", "1");
        Path log = Path.of(env.get("SSE_GATEWAY_CACHE_DIR")).resolve("sse-gateway-25.0.1_9-LTS.aot.log");

        ScriptRun run = ScriptRun.run(List.of(distribution.script().toString()), env, work, LIMIT);

        assertEquals(0, run.exitCode(), "the gateway's own exit status: " + run.describe());
        assertEquals(List.of("sse-gateway: the start-up cache could not be written (see " + log
                             + "); the next start tries again"), run.stderrLines(), run.describe());
        assertEquals(List.of(log), filesIn(log.getParent()), "only the log is left");
        assertTrue(Files.readString(log).contains("Picked up JAVA_TOOL_OPTIONS"), "the JVM's output is in the log");
    }

    @Test
    void aStartThatFailsLeavesNoAotCacheAndKeepsItsExitStatus() throws Exception {
        Map<String, String> env = aotEnv();
        env.put("FAKE_JAVA_EXIT", "2"); // how the gateway refuses a bad config
        ScriptRun refused = ScriptRun.run(List.of(distribution.script().toString()), env, work, LIMIT);
        assertTrue(refused.stdoutLines().contains("-XX:AOTMode=record"), refused.describe());
        assertEquals(2, refused.exitCode(), refused.describe());
        assertEquals(List.of(), filesIn(Path.of(env.get("SSE_GATEWAY_CACHE_DIR"))),
                     "a cache of a refused start's few classes would slow every later start");
        assertEquals(List.of(), refused.stderrLines(), refused.describe());
    }

    @Test
    void helpRecordsNoAotCache() throws Exception {
        Map<String, String> env = aotEnv();
        for (String help : List.of("--help", "-h")) {
            ScriptRun run = ScriptRun.run(List.of(distribution.script().toString(), help), env, work, LIMIT);
            assertFalse(run.stdoutLines().stream().anyMatch(a -> a.startsWith("-XX:AOT")), run.describe());
            assertEquals(help, run.stdoutLines().get(run.stdoutLines().size() - 1), run.describe());
        }
    }

    /** A fake Java 25 with a release file, the AOT cache on, and the cache folder in this test's work folder. */
    private Map<String, String> aotEnv() throws IOException {
        Path jdk = FakeJava.installWithRelease(work.resolve("jdk-25"), "25.0.1", "25.0.1", "25.0.1+9-LTS");
        // mkdir, mv and rm from the system's PATH; JAVA_HOME still wins over any java there
        Map<String, String> env = env(jdk, List.of(Path.of("/usr/bin"), Path.of("/bin")), work.resolve("no-jvms"));
        env.remove("SSE_GATEWAY_AOT"); // the tests' default is off
        env.put("SSE_GATEWAY_CACHE_DIR", work.resolve("cache").toString());
        return env;
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void findsItsHomeThroughASymlinkFromAnyDirectoryAndDefaultsToItsOwnConfig() throws Exception {
        Path java21 = FakeJava.install(work.resolve("jdk-21"), "21.0.2");
        Path link = Files.createSymbolicLink(Files.createDirectories(work.resolve("links")).resolve("gw"),
                                             distribution.script());
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));

        // readlink (or ls) from the system's PATH; JAVA_HOME still wins over any java there
        ScriptRun run = ScriptRun.run(List.of(link.toString()),
                                      env(java21, List.of(Path.of("/usr/bin"), Path.of("/bin")), work.resolve("no-jvms")),
                                      elsewhere, LIMIT);

        String home = distribution.home().toRealPath().toString();
        List<String> lines = run.stdoutLines();
        assertEquals(List.of("--home", home, "--config", home + "/conf/gateway.conf"),
                     lines.subList(Math.max(0, lines.size() - 4), lines.size()), run.describe());
    }

    @Test
    void takesAnAbsoluteConfigAsItIsAndAcceptsTheEqualsForm() throws Exception {
        Path java21 = FakeJava.install(work.resolve("jdk-21"), "21");

        ScriptRun run = ScriptRun.run(List.of(distribution.script().toString(), "--config=/etc/gw/a.conf"),
                                      env(java21, List.of(), work.resolve("no-jvms")), work, LIMIT);

        List<String> lines = run.stdoutLines();
        assertEquals(List.of("--config", "/etc/gw/a.conf"), lines.subList(Math.max(0, lines.size() - 2), lines.size()),
                     run.describe());
    }

    @Test
    void saysSoInOneLineAndExits2WhenConfigHasNoFile() throws Exception {
        Path java21 = FakeJava.install(work.resolve("jdk-21"), "21");

        ScriptRun run = ScriptRun.run(List.of(distribution.script().toString(), "--config"),
                                      env(java21, List.of(), work.resolve("no-jvms")), work, LIMIT);

        assertEquals(2, run.exitCode(), run.describe());
        assertEquals(List.of("sse-gateway: --config needs a file"), run.stderrLines());
    }

    @ParameterizedTest(name = "JAVA_HOME {0}, PATH java {1}, JVM folder {2}: runs {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # JAVA_HOME  | java on PATH | JDKs in the JVM folder     | expected
            21.0.2       | 25           | 23                         | JAVA_HOME
            17.0.9       | 22           | 23                         | PATH
            17.0.9       | 11.0.2       | 1.8.0_292 21.0.1 24 22-ea  | jvms/24
            -            | -            | 21.0.1                     | jvms/21.0.1
            missing      | 25-ea        | -                          | PATH
            """)
    void picksTheFirstJava21OrNewerFromJavaHomeThenPathThenTheNewestInTheJvmFolder(
            String javaHome, String pathJava, String jvmFolder, String expected) throws Exception {
        Path jvms = Files.createDirectories(work.resolve("jvms"));
        if (jvmFolder != null) {
            for (String version : jvmFolder.split(" ")) {
                FakeJava.install(jvms.resolve(version), version);
            }
        }
        Path home = javaHome == null ? null
                : javaHome.equals("missing") ? work.resolve("missing") : FakeJava.install(work.resolve("home"), javaHome);
        List<Path> path = new ArrayList<>();
        if (pathJava != null) {
            path.add(FakeJava.install(work.resolve("on-path"), pathJava).resolve("bin"));
        }

        ScriptRun run = ScriptRun.run(List.of(distribution.script().toString()), env(home, path, jvms), work, LIMIT);

        Path chosen = switch (expected) {
            case "JAVA_HOME" -> home;
            case "PATH" -> work.resolve("on-path");
            default -> work.resolve(expected);
        };
        assertEquals("ran " + chosen.resolve("bin/java"), run.stdoutLines().isEmpty() ? "" : run.stdoutLines().getFirst(),
                     run.describe());
    }

    @Test
    void failsWithOneClearLineWhenThereIsNoJava21OrNewer() throws Exception {
        Path java17 = FakeJava.install(work.resolve("jdk-17"), "17.0.9").resolve("bin");

        ScriptRun run = ScriptRun.run(List.of(distribution.script().toString()),
                                      env(work.resolve("nowhere"), List.of(java17), Path.of("/nonexistent")), work, LIMIT);

        assertEquals(1, run.exitCode(), run.describe());
        assertEquals("", run.stdout(), run.describe());
        assertEquals(List.of("sse-gateway: needs Java 21 or newer; set JAVA_HOME (found: JAVA_HOME=" + work.resolve("nowhere")
                             + " has no working bin/java; " + java17.resolve("java") + " is Java 17; no Java under "
                             + "/nonexistent)"),
                     run.stderrLines());
    }

    @Test
    void failsWithOneClearLineWhenThereIsNoJavaAtAll() throws Exception {
        Map<String, String> env = env(null, List.of(), Path.of("/nonexistent"));

        ScriptRun run = ScriptRun.run(List.of(distribution.script().toString()), env, work, LIMIT);

        assertEquals(1, run.exitCode(), run.describe());
        assertEquals(List.of("sse-gateway: needs Java 21 or newer; set JAVA_HOME (found: no Java under /nonexistent)"),
                     run.stderrLines());
    }

    /** An environment with only the given JAVA_HOME (none if null), PATH folders and JVM folder. */
    private static Map<String, String> env(Path javaHome, List<Path> path, Path jvmDir) {
        Map<String, String> env = ChildEnvironment.withoutJava();
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome.toString());
        }
        List<String> folders = path.stream().map(Path::toString).toList();
        env.put("PATH", folders.isEmpty() ? "/nonexistent" : String.join(":", folders));
        env.put("SSE_GATEWAY_JVM_DIR", jvmDir.toString());
        return env;
    }

}
