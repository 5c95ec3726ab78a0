package io.ssegateway.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor of shared streams (benchmark S5), what issue 26's design asks for and nothing else: one virtual thread
 * reads one upstream stream and appends each read's complete events to an in-memory log as one block; each client
 * is served by a virtual thread of its own that parks until the log grows, then writes the new blocks with blocking
 * writes (one write per block) and parks again. No parsing beyond chunk framing and event ends, no replay, no
 * queue limits, no heartbeats, no metrics. What it costs per delivery and per client is what the JDK's virtual
 * threads and sockets (and, with {@code --server helidon}, Helidon's WebServer) cost for that design; the gateway
 * can only add to it.
 *
 * <pre>
 *   java -cp sse-gateway-bench.jar io.ssegateway.bench.BareFanout --port 18183 --upstream 127.0.0.1:18181
 *        [--server jdk|helidon] [--watch]
 * </pre>
 * {@code --server jdk} (default): a platform thread accepts, the response is close-delimited.
 * {@code --server helidon}: Helidon's WebServer serves the request and the client writes to the response's output
 * stream (chunked), as a Helidon handler does. {@code --watch} (jdk only) adds the gateway's second thread per
 * client, blocked in a read of the client's socket to notice it leaving.
 */
public final class BareFanout {
    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache"
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int LOG_BLOCKS = 8192;
    private static final long LINGER_NANOS = 5_000_000_000L;

    private static InetSocketAddress origin;
    private static final Object LOCK = new Object();
    private static Log current;

    private BareFanout() {
    }

    /** Listens and fans out until killed. */
    public static void main(String[] args) throws IOException {
        int port = 18183;
        String upstream = "127.0.0.1:18181";
        String server = "jdk";
        boolean watch = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--upstream" -> upstream = args[++i];
                case "--server" -> server = args[++i];
                case "--watch" -> watch = true;
                default -> {
                    System.err.println("usage: java -cp sse-gateway-bench.jar io.ssegateway.bench.BareFanout"
                            + " [--port P] [--upstream HOST:PORT] [--server jdk|helidon] [--watch]");
                    System.exit(2);
                }
            }
        }
        int colon = upstream.lastIndexOf(':');
        origin = new InetSocketAddress(upstream.substring(0, colon), Integer.parseInt(upstream.substring(colon + 1)));
        if (server.equals("helidon")) {
            WebServer.builder().host("127.0.0.1").port(port)
                    .routing(r -> r.get("/*", (req, res) -> {
                        String target = req.path().rawPath()
                                + (req.query().rawValue().isEmpty() ? "" : "?" + req.query().rawValue());
                        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
                        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                        try (OutputStream out = res.outputStream()) {
                            serve(target, out);
                        }
                    }))
                    .build().start();
            System.out.println("bare fan-out (helidon) on 127.0.0.1:" + port + " -> " + upstream);
            return;
        }
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        System.out.println("bare fan-out (jdk" + (watch ? ", watch" : "") + ") on 127.0.0.1:" + port + " -> " + upstream);
        boolean watched = watch;
        while (true) { // accepts on a platform thread, as Helidon's listener does
            Socket client = listener.accept();
            Thread.ofVirtual().name("client").start(() -> serveSocket(client, watched));
        }
    }

    private static void serveSocket(Socket client, boolean watch) {
        try (client) {
            client.setTcpNoDelay(true);
            String target = requestTarget(client.getInputStream());
            if (target == null) {
                return;
            }
            if (watch) {
                Thread.ofVirtual().name("watch").start(() -> BareRelay.watch(client, client));
            }
            OutputStream out = client.getOutputStream();
            out.write(HEAD);
            serve(target, out);
        } catch (IOException gone) {
            // the client left
        }
    }

    /** Writes the shared stream's blocks from now on until the client or the stream goes. */
    private static void serve(String target, OutputStream out) throws IOException {
        Log log = join(target);
        Thread me = Thread.currentThread();
        long cursor = log.published;
        try {
            while (true) {
                long published = log.published;
                if (published == cursor) {
                    if (log.ended) {
                        return;
                    }
                    log.waiting.add(me);
                    if (log.published == cursor && !log.ended) {
                        LockSupport.park();
                    }
                    continue;
                }
                if (published - cursor >= LOG_BLOCKS) {
                    return; // fell behind the log: closed, as a slow client is
                }
                for (; cursor < published; cursor++) {
                    byte[] block = log.blocks[(int) (cursor % LOG_BLOCKS)];
                    out.write(block);
                }
                out.flush();
            }
        } finally {
            log.clients.decrementAndGet();
        }
    }

    private static Log join(String target) {
        synchronized (LOCK) {
            if (current == null || current.ended) {
                current = new Log(target);
                Log log = current;
                Thread.ofVirtual().name("reader").start(log::read);
            }
            current.clients.incrementAndGet();
            return current;
        }
    }

    /** The request target of the request line; the rest of the head is read and dropped. */
    private static String requestTarget(InputStream in) throws IOException {
        byte[] head = BareRelay.readHead(in);
        if (head == null) {
            return null;
        }
        String[] parts = new String(head, StandardCharsets.US_ASCII).split("\r\n", 2)[0].split(" ");
        return parts.length == 3 ? parts[1] : null;
    }

    /** One upstream stream and the blocks read from it, in a ring the clients read at their own pace. */
    private static final class Log {
        final String target;
        final byte[][] blocks = new byte[LOG_BLOCKS][];
        final ConcurrentLinkedQueue<Thread> waiting = new ConcurrentLinkedQueue<>();
        final AtomicInteger clients = new AtomicInteger();
        volatile long published;
        volatile boolean ended;

        Log(String target) {
            this.target = target;
        }

        /** Reads the origin's chunked body; each read's complete events become one block, then waiters wake. */
        void read() {
            try (Socket up = new Socket()) {
                up.setTcpNoDelay(true);
                up.connect(origin, 5000);
                up.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + origin.getHostString()
                        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = new BufferedInputStream(up.getInputStream(), 65536);
                if (readLine(in) == null) {
                    return;
                }
                while (readLine(in).length() > 0) {
                    // response header lines
                }
                byte[] pending = new byte[65536];
                int pendingLen = 0;
                long idleSince = 0;
                while (true) {
                    String size = readLine(in);
                    int n = size == null ? 0 : Integer.parseInt(size.trim(), 16);
                    if (n == 0) {
                        return;
                    }
                    if (pendingLen + n > pending.length) {
                        pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + n));
                    }
                    in.readNBytes(pending, pendingLen, n);
                    pendingLen += n;
                    readLine(in); // the CRLF after the chunk
                    if (in.available() > 0) {
                        continue; // more is here already: it goes in the same block
                    }
                    int end = lastEventEnd(pending, pendingLen);
                    if (end > 0) {
                        blocks[(int) (published % LOG_BLOCKS)] = Arrays.copyOf(pending, end);
                        System.arraycopy(pending, end, pending, 0, pendingLen - end);
                        pendingLen -= end;
                        published = published + 1;
                        Thread t;
                        while ((t = waiting.poll()) != null) {
                            LockSupport.unpark(t);
                        }
                    }
                    if (clients.get() > 0) {
                        idleSince = 0;
                    } else if (idleSince == 0) {
                        idleSince = System.nanoTime();
                    } else if (System.nanoTime() - idleSince > LINGER_NANOS) {
                        return; // the last client left a linger ago
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the origin went: the clients' streams end
            } finally {
                ended = true;
                Thread t;
                while ((t = waiting.poll()) != null) {
                    LockSupport.unpark(t);
                }
            }
        }

        private static int lastEventEnd(byte[] b, int len) {
            for (int i = len - 1; i > 0; i--) {
                if (b[i] == '\n' && b[i - 1] == '\n') {
                    return i + 1;
                }
            }
            return 0;
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int l = line.length();
                    return l > 0 && line.charAt(l - 1) == '\r' ? line.substring(0, l - 1) : line.toString();
                }
                line.append((char) b);
            }
            return line.isEmpty() ? null : line.toString();
        }
    }
}
