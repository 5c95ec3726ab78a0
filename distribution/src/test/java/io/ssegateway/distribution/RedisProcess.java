package io.ssegateway.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian package {@code redis-server}, which {@code .ci/run} installs) on a free
 * loopback port, its data in a folder of the test, with an append-only file synced on every write
 * ({@code appendfsync always}, as docs/plugins.md advises): {@link #stop} and {@link #start} again on the same port
 * is a Redis outage that loses nothing it acknowledged.
 */
final class RedisProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/redis-server");
    private static final Duration START_LIMIT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private Process process;

    private RedisProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts one with its data in {@code dir}; returns once it answers PING. */
    static RedisProcess start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install the Debian package redis-server "
                                            + "(.ci/run does)");
        }
        Files.createDirectories(dir);
        RedisProcess redis = new RedisProcess(dir, FreePort.pick());
        redis.start();
        return redis;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again) on its port from its folder, with what its append-only file holds. */
    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(
                BINARY.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no",
                "--protected-mode", "no", "--logfile", "", "--loglevel", "warning"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        Await.until(START_LIMIT, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited with " + process.exitValue() + ":\n"
                                         + Files.readString(log()));
            }
            return answersPing();
        }, () -> "redis-server did not answer PING on port " + port + "\n" + Files.readString(log()));
    }

    /** Stops it (SIGTERM) and waits until it has exited: connections are refused from then on. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private Path log() {
        return dir.resolve("redis.log");
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[5];
            int read = in.readNBytes(answer, 0, answer.length);
            return new String(answer, 0, read, StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }
}
