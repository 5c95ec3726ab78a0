package io.ssegateway.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end (bounded in time), with what it printed.
 *
 * @param exitCode its exit status
 * @param stdout   what it printed on stdout
 * @param stderr   what it printed on stderr
 */
record ScriptRun(int exitCode, String stdout, String stderr) {
    /** Runs {@code command} in {@code directory} with exactly {@code env}; fails when it outlives {@code limit}. */
    static ScriptRun run(List<String> command, Map<String, String> env, Path directory, Duration limit)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("sse-gateway-it-stdout", ".txt");
        Path err = Files.createTempFile("sse-gateway-it-stderr", ".txt");
        try {
            Process process = start(command, env, directory, out, err);
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " still ran after " + limit + "; stderr so far:\n" + read(err));
            }
            return new ScriptRun(process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Starts {@code command} in {@code directory} with exactly {@code env}, nothing on its stdin, and its stdout and
     * stderr going to these files.
     */
    static Process start(List<String> command, Map<String, String> env, Path directory, Path stdout, Path stderr)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    /** stderr's lines. */
    List<String> stderrLines() {
        return stderr.lines().toList();
    }

    /** stdout's lines. */
    List<String> stdoutLines() {
        return stdout.lines().toList();
    }

    /** Everything it printed, for failure messages. */
    String describe() {
        return "exit " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
