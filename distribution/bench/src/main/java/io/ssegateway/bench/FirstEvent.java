package io.ssegateway.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Start-up time: launches a command (the gateway), polls its URL in a tight loop and prints, as one JSON line, the
 * ms from the launch to the first connect and to the first complete event with data, and the process's RSS then;
 * then stops it with SIGTERM (SIGKILL after 20 s) and adds how long it took to exit. It never outlives the command.
 *
 *   java -cp sse-gateway-bench.jar io.ssegateway.bench.FirstEvent --url http://127.0.0.1:8080/events
 *        [--timeout 60] [--log FILE] -- bin/sse-gateway [args...]
 */
public final class FirstEvent {
    private FirstEvent() {
    }

    /** Runs one measurement; exit status 0 when an event arrived, 1 when not (JSON has "error"), 2 on bad usage. */
    public static void main(String[] args) throws Exception {
        URI url = null;
        double timeout = 60;
        File log = null;
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            switch (args[i]) {
                case "--url" -> url = URI.create(args[++i]);
                case "--timeout" -> timeout = Double.parseDouble(args[++i]);
                case "--log" -> log = new File(args[++i]);
                default -> usage();
            }
        }
        List<String> command = i + 1 < args.length ? Arrays.asList(args).subList(i + 1, args.length) : List.of();
        if (url == null || command.isEmpty()) {
            usage();
        }
        InetSocketAddress target = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
        byte[] request = ("GET " + url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery())
                + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + target.getPort()
                + "\r\nAccept: text/event-stream\r\nUser-Agent: sse-bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log));
        long t0 = System.nanoTime();
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly)); // a TERM to us never leaks it
        long deadline = t0 + (long) (timeout * 1e9);
        long connected = -1;
        long firstEvent = -1;
        String error = null;
        while (firstEvent < 0) {
            if (!process.isAlive()) {
                error = "exited with status " + process.exitValue() + " before an event arrived";
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                error = "no event within " + timeout + " s";
                break;
            }
            try (Socket s = new Socket()) {
                s.connect(target, 1000);
                if (connected < 0) {
                    connected = System.nanoTime();
                }
                s.setSoTimeout((int) Math.max(1, Math.min(5000, (deadline - System.nanoTime()) / 1_000_000)));
                s.getOutputStream().write(request);
                if (readsEvent(s.getInputStream())) {
                    firstEvent = System.nanoTime();
                }
            } catch (ConnectException e) {
                LockSupport.parkNanos(1_000_000); // refused: not listening yet; try again in 1 ms
            } catch (IOException e) {
                LockSupport.parkNanos(1_000_000); // answered but no event (e.g. the upstream was not up yet)
            }
        }
        long rssKb = rssKb(process.pid());
        long stopStart = System.nanoTime();
        process.destroy();
        boolean exited = process.waitFor(20, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        long stopped = System.nanoTime();
        StringBuilder json = new StringBuilder("{");
        json.append("\"pid\":").append(process.pid());
        json.append(",\"connect_ms\":").append(connected < 0 ? "null" : ms(connected - t0));
        json.append(",\"first_event_ms\":").append(firstEvent < 0 ? "null" : ms(firstEvent - t0));
        json.append(",\"rss_mb\":").append(rssKb < 0 ? "null" : String.format(Locale.ROOT, "%.1f", rssKb / 1024.0));
        json.append(",\"stop_ms\":").append(ms(stopped - stopStart));
        json.append(",\"stopped_by\":\"").append(exited ? "SIGTERM" : "SIGKILL").append('"');
        json.append(",\"exit_status\":").append(process.isAlive() ? "null" : process.exitValue());
        if (error != null) {
            json.append(",\"error\":\"").append(error.replace("\"", "'")).append('"');
        }
        System.out.println(json.append('}'));
        System.exit(firstEvent < 0 ? 1 : 0);
    }

    /** Reads the response: true when it is a 200 and a block with a data line completes. */
    private static boolean readsEvent(InputStream in) throws IOException {
        byte[] buf = new byte[16384];
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return false;
            }
            n += r;
            String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            int head = text.indexOf("\r\n\r\n");
            if (head < 0) {
                continue;
            }
            if (!text.startsWith("HTTP/1.1 200")) {
                return false;
            }
            // chunk framing lines do not start with "data:", and a data line's event ends at "\n\n" inside a chunk
            String body = text.substring(head + 4).replace("\r\n", "\n");
            int data = body.startsWith("data:") ? 0 : body.indexOf("\ndata:");
            if (data >= 0 && body.indexOf("\n\n", data) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static void usage() {
        System.err.println("usage: java -cp sse-gateway-bench.jar io.ssegateway.bench.FirstEvent --url URL"
                + " [--timeout S] [--log FILE] -- COMMAND [ARGS...]");
        System.exit(2);
    }
}
