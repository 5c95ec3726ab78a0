package io.ssegateway.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy (the Debian package's {@code /usr/sbin/haproxy}) in front of gateways, as a user would run it for a
 * fleet: HTTP mode, {@code balance leastconn} (streams are long), health checks on each gateway's admin port's
 * {@code /observe/health/ready}, {@code option redispatch} with retries (a connection refused by a gateway that
 * has just exited goes to another), and client, server and tunnel timeouts far longer than the gateways' heartbeat
 * (an event stream is one long response). A stats listener tells which servers HAProxy holds up.
 */
final class Haproxy implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/haproxy");

    private final Process process;
    private final Path log;
    private final int statsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Haproxy(Process process, Path log, int statsPort) {
        this.process = process;
        this.log = log;
        this.statsPort = statsPort;
    }

    /** A gateway behind it: its name in HAProxy, its public port and its admin port (health checks). */
    record Server(String name, int port, int adminPort) {
    }

    /**
     * The config for {@code servers} behind 127.0.0.1:{@code port}, checked every {@code checkInterval}, with the
     * stats page on {@code statsPort}.
     */
    static String config(int port, int statsPort, Duration checkInterval, List<Server> servers) {
        StringBuilder text = new StringBuilder("""
                global
                    # each connection takes two file descriptors (client and server side); HAProxy needs the limit
                    maxconn 8000

                defaults
                    mode http
                    # an event stream is one long response: these must outlast the gateways' heartbeat by far
                    timeout client 1h
                    timeout server 1h
                    timeout tunnel 1h
                    timeout connect 2s
                    timeout http-request 10s
                    timeout queue 10s
                    # a connection a gateway refuses (it has just exited) is tried again on another one,
                    retries 3
                    option redispatch 1
                    # and so is a request a gateway closed without an answer (it was exiting) or refused with 503
                    # (it was draining, for a request that does not accept an event stream): GETs are safe to repeat
                    retry-on conn-failure empty-response junk-response 503

                frontend fleet
                    bind 127.0.0.1:%d
                    maxconn 8000
                    default_backend gateways

                backend gateways
                    balance leastconn
                    option httpchk
                    http-check send meth GET uri /observe/health/ready ver HTTP/1.1 hdr Host localhost
                    http-check expect status 200
                    # a loaded gateway (one taking the streams of another that drains) may take a while to answer a
                    # check (seconds, on a machine with ten times more runnable threads than cores); a server is only
                    # taken down after five failed checks in a row. A draining gateway answers 503 at once, so it is
                    # down within ~1.5 s, before its streams reconnect (they wait the retry: 3000 it sent them).
                    timeout check 3s
                    default-server inter %dms fastinter %dms downinter %dms fall 5 rise 2
                """.formatted(port, checkInterval.toMillis(), checkInterval.toMillis(), checkInterval.toMillis()));
        for (Server server : servers) {
            text.append("    server %s 127.0.0.1:%d check port %d%n".formatted(server.name(), server.port(),
                                                                             server.adminPort()));
        }
        text.append("""

                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(statsPort));
        return text.toString();
    }

    /**
     * Writes {@code configText} into {@code work}, has HAProxy check it, and starts HAProxy on it in the foreground
     * (its output in a file); returns once its stats page answers.
     */
    static Haproxy start(Path work, String configText, int statsPort) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path config = work.resolve("haproxy.cfg");
        Files.writeString(config, configText);
        Path log = work.resolve("haproxy.log");
        Process check = new ProcessBuilder(BINARY.toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!check.waitFor(10, TimeUnit.SECONDS) || check.exitValue() != 0) {
            throw new AssertionError("haproxy -c refused the config:\n" + Files.readString(log) + "\n" + configText);
        }
        Process process = new ProcessBuilder(BINARY.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Haproxy haproxy = new Haproxy(process, log, statsPort);
        Await.until(Duration.ofSeconds(10), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("haproxy exited at once:\n" + Files.readString(log));
            }
            return !haproxy.serverStates().isEmpty();
        }, () -> "haproxy's stats page did not answer on port " + statsPort);
        return haproxy;
    }

    /** What HAProxy holds each server to be now ({@code UP}, {@code DOWN}, {@code UP 1/2}, ...), by name. */
    Map<String, String> serverStates() throws IOException {
        Map<String, String> states = new TreeMap<>();
        String csv;
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (answer.statusCode() != 200) {
                return states;
            }
            csv = answer.body();
        } catch (IOException notYet) {
            return states;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return states;
        }
        List<String> lines = csv.lines().toList();
        if (lines.isEmpty() || !lines.getFirst().startsWith("# ")) {
            return states;
        }
        List<String> columns = Arrays.asList(lines.getFirst().substring(2).split(","));
        int proxy = columns.indexOf("pxname");
        int name = columns.indexOf("svname");
        int status = columns.indexOf("status");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length > status && cells[proxy].equals("gateways")
                    && !cells[name].equals("FRONTEND") && !cells[name].equals("BACKEND")) {
                states.put(cells[name], cells[status]);
            }
        }
        return states;
    }

    /** Waits until HAProxy holds server {@code name} up (its checks passed {@code rise} times). */
    void awaitUp(String name, Duration limit) throws IOException, InterruptedException {
        Await.until(limit, () -> "UP".equals(serverStates().get(name)),
                    () -> "haproxy did not take " + name + " up: " + serverStates() + "\n" + Files.readString(log));
    }

    /** Its output: config warnings, and each server it takes down or up, with the reason. */
    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        http.close();
    }
}
