// Adapted from the team's shared benchmark tools (/work/shared/bench/Upstream.java): same behaviour and command-line
// flags, plus --platform-threads; only the package, the class name and the usage text changed otherwise. Run from the bench jar:
//   java -cp distribution/bench/target/sse-gateway-bench.jar io.ssegateway.bench.BenchOrigin ...
package io.ssegateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * SSE origin server for proxy benchmarks. JDK only, one virtual thread per connection (a platform thread with
 * --platform-threads: the OS time-slices those, so flat-out streams neither cap the origin nor starve new ones).
 *
 *   java -cp sse-gateway-bench.jar io.ssegateway.bench.BenchOrigin [--host 127.0.0.1] [--port 18081] [--platform-threads]
 *
 * GET /events?rate=R&size=B&count=N&maxs=S
 *   rate  events/s per stream (fractions ok, 0 = as fast as the socket takes them; default 10)
 *   size  bytes of each event's data value (default 200); the value is
 *         "<send time, epoch micros from CLOCK_REALTIME> xxxx..." padded to size
 *   count events to send, then end the response (0 = unbounded; default 0)
 *   maxs  hard cap on the stream's life in seconds (default 300), so nothing runs forever
 * Burst mode: add burst=K&idle=S[&cycles=N][&hb=H]: send K events back to back, stay
 *   silent S seconds (or send ": hb" comments every H seconds), repeat N times (0 = until maxs).
 * Last-Event-ID: N resumes at id N+1 (ids otherwise start at 1).
 * Any path starting with /events streams (so proxies that rewrite to /events/ work).
 * GET /stats -> {"active":..,"streams":..,"events":..}; other paths -> 200 "ok".
 *
 * Every event is one chunk written with one write() on a TCP_NODELAY socket: no buffering here.
 */
public class BenchOrigin {
    static final AtomicLong active = new AtomicLong();
    static final LongAdder streams = new LongAdder(), events = new LongAdder();

    public static void main(String[] args) throws IOException {
        System.setProperty("jdk.pollerMode", "1"); // I/O pollers as platform threads, see letOthersRun()
        String host = "127.0.0.1";
        int port = 18081;
        boolean platform = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--platform-threads" -> platform = true;
                default -> { System.err.println("usage: java -cp sse-gateway-bench.jar io.ssegateway.bench.BenchOrigin [--host H] [--port P] [--platform-threads]"); System.exit(2); }
            }
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(host, port), 8192);
        System.err.println("upstream listening on " + host + ":" + port);
        while (true) {
            Socket s = server.accept();
            if (platform) {
                Thread.ofPlatform().daemon().stackSize(256 * 1024).start(() -> handle(s));
            } else {
                Thread.ofVirtual().start(() -> handle(s));
            }
        }
    }

    static long nowMicros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    static void handle(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String head = readHead(in);
            if (head == null) return;
            String[] lines = head.split("\r\n");
            String[] reqLine = lines[0].split(" ");
            String target = reqLine.length > 1 ? reqLine[1] : "/";
            long lastEventId = 0;
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                if (c > 0 && lines[i].substring(0, c).trim().equalsIgnoreCase("last-event-id")) {
                    lastEventId = Long.parseLong(lines[i].substring(c + 1).trim());
                }
            }
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            Map<String, String> p = query(q < 0 ? "" : target.substring(q + 1));
            if (path.startsWith("/events")) {
                stream(out, p, lastEventId + 1);
            } else {
                String body = path.equals("/stats")
                        ? "{\"active\":" + active.get() + ",\"streams\":" + streams.sum() + ",\"events\":" + events.sum() + "}\n"
                        : "ok\n";
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException | RuntimeException e) {
            // client or proxy went away, or a malformed request: just drop the connection
        }
    }

    /** Reads the request head up to the blank line; returns null on EOF. */
    static String readHead(InputStream in) throws IOException {
        byte[] buf = new byte[16384];
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) return null;
            n += r;
            for (int i = Math.max(0, n - r - 3); i + 3 < n; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    return new String(buf, 0, i, StandardCharsets.ISO_8859_1);
                }
            }
        }
        throw new IOException("request head too large");
    }

    static Map<String, String> query(String qs) {
        Map<String, String> m = new HashMap<>();
        for (String kv : qs.split("&")) {
            int e = kv.indexOf('=');
            if (e > 0) m.put(kv.substring(0, e), kv.substring(e + 1));
        }
        return m;
    }

    static void stream(OutputStream out, Map<String, String> p, long firstId) throws IOException {
        double rate = Double.parseDouble(p.getOrDefault("rate", "10"));
        int size = Integer.parseInt(p.getOrDefault("size", "200"));
        long count = Long.parseLong(p.getOrDefault("count", "0"));
        long deadline = System.nanoTime() + (long) (Double.parseDouble(p.getOrDefault("maxs", "300")) * 1e9);
        int burst = Integer.parseInt(p.getOrDefault("burst", "0"));
        double idle = Double.parseDouble(p.getOrDefault("idle", "0"));
        long cycles = Long.parseLong(p.getOrDefault("cycles", "1"));
        double hb = Double.parseDouble(p.getOrDefault("hb", "0"));

        active.incrementAndGet();
        streams.increment();
        try {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Event ev = new Event(size);
            long id = firstId;
            if (burst > 0) {
                for (long c = 0; (cycles == 0 || c < cycles) && System.nanoTime() < deadline; c++) {
                    for (int i = 0; i < burst; i++) ev.send(out, id++);
                    long idleEnd = Math.min(deadline, System.nanoTime() + (long) (idle * 1e9));
                    while (System.nanoTime() < idleEnd) {
                        long nap = hb > 0 ? Math.min((long) (hb * 1e9), idleEnd - System.nanoTime()) : idleEnd - System.nanoTime();
                        if (nap > 0) Thread.sleep(Duration.ofNanos(nap));
                        if (hb > 0 && System.nanoTime() < idleEnd) writeChunk(out, ": hb\n\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
            } else {
                long periodNs = rate > 0 ? (long) (1e9 / rate) : 0;
                long start = System.nanoTime();
                for (long i = 0; count == 0 || i < count; i++) {
                    if (periodNs > 0) {
                        // absolute schedule: event i is due at start + i*period, so sleeps never accumulate drift
                        long wait = start + i * periodNs - System.nanoTime();
                        if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
                    }
                    if (System.nanoTime() >= deadline) break;
                    ev.send(out, id++);
                }
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            active.decrementAndGet();
        }
    }

    /**
     * Virtual threads are not time-sliced: a writer whose socket never fills up never parks. Thread.yield()
     * is not enough: it requeues on the carrier's local queue, which the carrier drains before it looks at the
     * shared queue where new connections (started by the accept loop) and timer wake-ups wait; under full load
     * those starved for seconds. A 1 ns park (every ~2 ms of writing) comes back through the shared queue.
     */
    static void letOthersRun() {
        if (Thread.currentThread().isVirtual()) LockSupport.parkNanos(1);
    }

    static void writeChunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One reusable buffer per stream: [chunk size\r\n]id: N\ndata: <micros> xxx...\n\n\r\n */
    static final class Event {
        static final int HEAD_ROOM = 16; // room in front of the body for the chunk-size line
        final int size;
        final byte[] buf;
        long sent, lastPause = System.nanoTime();

        Event(int size) {
            this.size = size;
            this.buf = new byte[HEAD_ROOM + size + 64];
            Arrays.fill(buf, (byte) 'x');
        }

        void send(OutputStream out, long id) throws IOException {
            int p = HEAD_ROOM;
            p = put(p, "id: ");
            p = put(p, Long.toString(id));
            p = put(p, "\ndata: ");
            int dataStart = p;
            p = put(p, Long.toString(nowMicros()));  // send timestamp, taken just before the write
            if (p - dataStart < size) buf[p++] = ' ';
            int end = Math.max(p, dataStart + size);
            Arrays.fill(buf, p, end, (byte) 'x');
            p = end;
            p = put(p, "\n\n");
            int bodyLen = p - HEAD_ROOM;
            p = put(p, "\r\n");
            byte[] sz = (Integer.toHexString(bodyLen) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int start = HEAD_ROOM - sz.length;
            System.arraycopy(sz, 0, buf, start, sz.length);
            out.write(buf, start, p - start);
            events.increment();
            if ((++sent & 15) == 0 && System.nanoTime() - lastPause > 2_000_000) {
                letOthersRun();
                lastPause = System.nanoTime();
            }
        }

        int put(int p, String s) {
            for (int i = 0; i < s.length(); i++) buf[p++] = (byte) s.charAt(i);
            return p;
        }
    }
}
