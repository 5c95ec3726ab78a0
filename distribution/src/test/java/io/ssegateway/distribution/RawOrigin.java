package io.ssegateway.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An origin on a raw loopback socket that records, per connection, every byte the gateway sends it (all of them,
 * read by its own thread, whether the origin's script looks at them or not) and answers by a script the test sets
 * per case ({@link Script}).
 */
final class RawOrigin implements AutoCloseable {
    private static final Duration SCRIPT_WAIT = Duration.ofSeconds(5);
    /** Longer than a run waits for a connection to end: only the gateway's close ends a held connection in time. */
    private static final Duration HOLD = Duration.ofSeconds(30);

    /** What the origin does on one connection. */
    @FunctionalInterface
    interface Script {
        /** Serves the connection; it is closed afterwards. */
        void serve(Connection connection) throws IOException, InterruptedException;
    }

    /** Reads the request (head and declared body), answers an event stream with one event, and closes. */
    static final Script EVENT_STREAM = c -> {
        c.awaitRequest();
        c.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: hello\n\n");
    };

    /** Reads the request (head and declared body), answers a short plain-text response, and closes. */
    static final Script PLAIN = c -> {
        c.awaitRequest();
        c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    };

    /**
     * Reads the request, then answers an event stream without a length (the body ends with the connection) and
     * writes a 200-byte event every 2 ms until the gateway hangs up.
     */
    static final Script ENDLESS_EVENT_STREAM = c -> {
        c.awaitRequest();
        c.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n");
        for (long i = 0; ; i++) {
            c.write("data: " + "x".repeat(200) + " " + i + "\n\n");
            Thread.sleep(2);
        }
    };

    /**
     * Reads the request, answers {@code 100 Continue} and {@code 103 Early Hints} (interim responses, RFC 9110 15.2),
     * then the final event stream with one event, and closes.
     */
    static final Script INTERIM_THEN_EVENT_STREAM = c -> {
        c.awaitRequest();
        c.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: hello\n\n");
    };

    /**
     * Reads the request, answers an unasked {@code 101 Switching Protocols} and a WebSocket frame, then keeps the
     * connection open until the gateway closes it (at most 30 s).
     */
    static final Script SWITCHING_PROTOCOLS = c -> {
        c.awaitRequest();
        c.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                + "\u0081\u0005hello");
        c.awaitEnd(HOLD);
    };

    /** Reads the request, declares {@code Content-Length: 100000}, sends 18 bytes of it and closes. */
    static final Script SHORT_BODY = c -> {
        c.awaitRequest();
        c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n18 bytes and gone\n");
    };

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile Script script = EVENT_STREAM;

    private RawOrigin(ServerSocket server) {
        this.server = server;
    }

    /** Starts the origin on a free loopback port. */
    static RawOrigin start() throws IOException {
        RawOrigin origin = new RawOrigin(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        origin.threads.submit(origin::accept);
        return origin;
    }

    /** Its base URL, {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on: forgets the connections recorded so far and serves new ones with {@code script}. */
    void next(Script script) {
        this.script = script;
        connections.clear();
    }

    /** The bytes received on each connection accepted since {@link #next}, in the order they were accepted. */
    List<byte[]> received() {
        List<byte[]> all = new ArrayList<>();
        for (Connection c : connections) {
            all.add(c.bytes());
        }
        return all;
    }

    /**
     * Waits (at most {@code limit}) until every connection accepted since {@link #next} has ended; returns how many
     * are still open.
     */
    int awaitEnded(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        int open = 0;
        for (Connection c : connections) {
            synchronized (c) {
                while (!c.ended && System.nanoTime() < end) {
                    c.wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
                }
                open += c.ended ? 0 : 1;
            }
        }
        return open;
    }

    private Void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Connection connection = new Connection(socket);
                connections.add(connection);
                Script serving = script;
                threads.submit(connection::record);
                threads.submit(() -> {
                    try (socket) {
                        serving.serve(connection);
                    }
                    return null;
                });
            } catch (IOException stopped) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    /** One connection from the gateway: what arrived on it, and its output. */
    static final class Connection {
        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private boolean ended;

        Connection(Socket socket) {
            this.socket = socket;
        }

        private Void record() {
            byte[] buffer = new byte[8192];
            try (InputStream in = socket.getInputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (this) {
                        received.write(buffer, 0, n);
                        notifyAll();
                    }
                }
            } catch (IOException closed) {
                // the gateway or the script closed it
            }
            synchronized (this) {
                ended = true;
                notifyAll();
            }
            return null;
        }

        synchronized byte[] bytes() {
            return received.toByteArray();
        }

        /**
         * Waits (at most 5 s) until a whole request has arrived, head and the body its head declares, or the
         * connection ended.
         */
        synchronized void awaitRequest() throws InterruptedException {
            long end = System.nanoTime() + SCRIPT_WAIT.toNanos();
            while (!ended && HttpBytes.requests(received.toByteArray()).isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        /** Waits (at most {@code limit}) until the gateway has closed the connection. */
        synchronized void awaitEnd(Duration limit) throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            while (!ended) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        /** Writes {@code text} (ISO-8859-1) to the gateway. */
        void write(String text) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    /** HTTP/1.1 messages parsed strictly from recorded bytes (Content-Length or chunked bodies). */
    static final class HttpBytes {
        private HttpBytes() {
        }

        /** One message: its start line, its head, and its body without framing. */
        record Message(String startLine, String head, String body) {
        }

        /** The complete requests in {@code bytes}, in order; an incomplete or unparseable rest is left out. */
        static List<Message> requests(byte[] bytes) {
            return messages(new String(bytes, StandardCharsets.ISO_8859_1), false);
        }

        /**
         * The responses in {@code bytes}, in order: the complete ones, then a rest that starts a response (cut short,
         * or delimited by the connection's end) as one more with the rest as its body.
         */
        static List<Message> responses(byte[] bytes) {
            return messages(new String(bytes, StandardCharsets.ISO_8859_1), true);
        }

        private static List<Message> messages(String text, boolean keepRest) {
            List<Message> messages = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                int headEnd = text.indexOf("\r\n\r\n", at);
                if (headEnd < 0) {
                    break;
                }
                String head = text.substring(at, headEnd + 2);
                String startLine = head.substring(0, head.indexOf("\r\n"));
                int bodyStart = headEnd + 4;
                String lower = head.toLowerCase(Locale.ROOT);
                int bodyEnd;
                String body;
                if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
                    StringBuilder decoded = new StringBuilder();
                    int p = bodyStart;
                    bodyEnd = -1;
                    while (true) {
                        int lineEnd = text.indexOf("\r\n", p);
                        if (lineEnd < 0) {
                            break;
                        }
                        String sizeLine = text.substring(p, lineEnd);
                        int semicolon = sizeLine.indexOf(';');
                        int size;
                        try {
                            size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
                        } catch (NumberFormatException e) {
                            break;
                        }
                        if (size == 0) {
                            int trailerEnd = text.indexOf("\r\n", lineEnd + 2);
                            bodyEnd = trailerEnd == lineEnd + 2 ? lineEnd + 4 : -1;
                            break;
                        }
                        if (lineEnd + 2 + size + 2 > text.length()) {
                            break;
                        }
                        decoded.append(text, lineEnd + 2, lineEnd + 2 + size);
                        p = lineEnd + 2 + size + 2;
                    }
                    if (bodyEnd < 0) {
                        break;
                    }
                    body = decoded.toString();
                } else {
                    int length = contentLength(lower);
                    if (bodyStart + length > text.length()) {
                        break;
                    }
                    bodyEnd = bodyStart + length;
                    body = text.substring(bodyStart, bodyEnd);
                }
                messages.add(new Message(startLine, head, body));
                at = bodyEnd;
            }
            if (keepRest && at < text.length() && text.startsWith("HTTP/", at)) {
                int lineEnd = text.indexOf("\r\n", at);
                messages.add(new Message(text.substring(at, lineEnd < 0 ? text.length() : lineEnd), "",
                                         text.substring(at)));
            }
            return messages;
        }

        private static int contentLength(String lowerHead) {
            int i = lowerHead.indexOf("\r\ncontent-length:");
            if (i < 0) {
                return 0;
            }
            int end = lowerHead.indexOf("\r\n", i + 2);
            return Integer.parseInt(lowerHead.substring(i + "\r\ncontent-length:".length(), end).trim());
        }
    }
}
