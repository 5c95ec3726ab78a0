package io.ssegateway.plugin.broker.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package, which {@code .ci/run} installs) on a free loopback port, with its
 * data in a temporary folder of its own. Without persistence by default; {@link #withAppendOnlyFile()} keeps every
 * write in an append-only file synced on each write, so that a restart from the same folder loses nothing.
 * {@link #pause()} and {@link #resume()} stop and continue the process (SIGSTOP, SIGCONT): a Redis that accepts
 * connections but answers nothing.
 *
 * <p>The one Redis starter of the project's tests: this module's, and the distribution's end-to-end tests
 * (ChannelsFleetIT, RollingRestartIT) through this module's test-jar ({@code <type>test-jar</type>}, test scope).
 * Without redis-server every test that starts one fails with one line saying which package to install.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(20);
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/redis-server"),
                                                         Path.of("/usr/local/bin/redis-server"));

    private final Path executable;
    private final Path dir;
    private final boolean appendOnly;
    private final List<String> extraArgs;
    private int port;
    private Process process;

    private RedisServer(boolean appendOnly, List<String> extraArgs) throws IOException {
        this.executable = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElseThrow(
                () -> new IllegalStateException("redis-server not found (looked for " + CANDIDATES
                                                + "): install the Debian package redis-server (.ci/run does)"));
        this.dir = Files.createTempDirectory("redis-broker-test");
        this.appendOnly = appendOnly;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a Redis without persistence. */
    public static RedisServer start() throws IOException {
        return start(false, List.of());
    }

    /** Starts a Redis without persistence with these extra arguments (such as {@code --requirepass s3cret}). */
    public static RedisServer start(String... extraArgs) throws IOException {
        return start(false, List.of(extraArgs));
    }

    /** Starts a Redis that keeps every write in its append-only file, so {@link #restart()} loses nothing. */
    public static RedisServer withAppendOnlyFile() throws IOException {
        return start(true, List.of());
    }

    private static RedisServer start(boolean appendOnly, List<String> extraArgs) throws IOException {
        RedisServer server = new RedisServer(appendOnly, extraArgs);
        server.port = freePort();
        server.launch();
        return server;
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the process (SIGSTOP): connections stay open, commands get no answer. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Continues a paused process (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    /** Stops the server (SIGTERM) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts it again on the same port from the same folder (with its data when it has an append-only file). */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            resume();
        }
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--daemonize", "no", "--protected-mode", "no",
                "--logfile", "", "--loglevel", "warning"));
        if (appendOnly) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": "
                                                + Files.readString(dir.resolve("redis.log")));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server did not answer PING on port " + port + " in "
                                                + START_LIMIT);
            }
            try {
                Thread.sleep(20);  // polling for the server to come up, not synchronizing on it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting redis-server", e);
            }
        }
    }

    /** Whether the server answers PING with {@code +PONG} or {@code -NOAUTH} (it is up either way). */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[7];
            int read = in.read(answer);
            String text = new String(answer, 0, Math.max(read, 0), StandardCharsets.US_ASCII);
            return text.startsWith("+PONG") || text.startsWith("-NOAUTH");
        } catch (IOException notYet) {
            return false;
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
