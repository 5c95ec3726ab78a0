package io.ssegateway.distribution;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code bin/sse-gateway} started as a process, its output going to files; stopped forcibly on close if still up. */
final class RunningGateway implements AutoCloseable {
    private static final Duration CONNECT_LIMIT = Duration.ofMillis(50);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private RunningGateway(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code script args...} in {@code directory} with exactly {@code env}; output goes to {@code logs}. */
    static RunningGateway start(Path script, List<String> args, Map<String, String> env, Path directory, Path logs)
            throws IOException {
        Files.createDirectories(logs);
        Path out = logs.resolve("gateway.stdout.txt");
        Path err = logs.resolve("gateway.stderr.txt");
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(args);
        return new RunningGateway(ScriptRun.start(command, env, directory, out, err), out, err);
    }

    /** Waits until something accepts connections on 127.0.0.1:{@code port}; fails if the gateway exits first. */
    void awaitPort(int port, Duration limit) throws IOException, InterruptedException {
        Await.until(limit, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited before it listened on port " + port + "\n" + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) CONNECT_LIMIT.toMillis());
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }, () -> "nothing listened on port " + port + "\n" + output());
    }

    /** Sends SIGTERM and returns the exit status; fails if the gateway is still up after {@code limit}. */
    int terminate(Duration limit) throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the gateway still ran " + limit + " after SIGTERM\n" + output());
        }
        return process.exitValue();
    }

    /** Waits for the gateway to exit on its own and returns the exit status; fails after {@code limit}. */
    int awaitExit(Duration limit) throws IOException, InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the gateway still ran after " + limit + "\n" + output());
        }
        return process.exitValue();
    }

    /**
     * The arguments of the JVM the script became (it execs java), as the operating system reports them; on a start
     * that records the AOT cache the script stays as the JVM's parent, and these are the script's.
     */
    List<String> jvmArguments() {
        return process.toHandle().info().arguments().map(List::of).orElse(List.of());
    }

    /** What it printed on stderr so far. */
    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** The lines it printed so far, stdout's then stderr's. */
    List<String> console() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(stdout, StandardCharsets.UTF_8));
        lines.addAll(Files.readAllLines(stderr, StandardCharsets.UTF_8));
        return lines;
    }

    /** Everything it printed so far, for failure messages. */
    String output() throws IOException {
        return "--- gateway stdout:\n" + Files.readString(stdout, StandardCharsets.UTF_8)
                + "--- gateway stderr:\n" + stderr();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
