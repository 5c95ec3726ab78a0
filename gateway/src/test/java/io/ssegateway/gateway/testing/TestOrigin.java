package io.ssegateway.gateway.testing;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An HTTP/1.1 origin on loopback that a test drives byte by byte over a real socket. */
public final class TestOrigin implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<Exchange> exchanges = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new ArrayList<>();

    /** Starts listening on a free loopback port. */
    public TestOrigin() throws IOException {
        server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** The origin's base URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The port. */
    public int port() {
        return server.getLocalPort();
    }

    /** The next request that arrives, waiting at most 5 s. */
    public Exchange next() throws InterruptedException {
        Exchange e = exchanges.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no request reached the origin within 5 s");
        }
        return e;
    }

    /** Whether a request is waiting (without blocking). */
    public Exchange poll(Duration wait) throws InterruptedException {
        return exchanges.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (sockets) {
                    sockets.add(s);
                }
                Thread.ofVirtual().start(() -> readRequest(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readRequest(Socket s) {
        try {
            InputStream in = s.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                        k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
            byte[] body = readBody(in, headers);
            exchanges.add(new Exchange(s, requestLine[0], requestLine[1], headers, body));
        } catch (IOException e) {
            // a connection that sent nothing useful
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before end of headers");
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String s = head.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    private static byte[] readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
        if (headers.containsKey("content-length")) {
            return in.readNBytes(Integer.parseInt(headers.get("content-length").get(0)));
        }
        if (headers.getOrDefault("transfer-encoding", List.of()).toString().contains("chunked")) {
            return Chunked.readAll(in);
        }
        return new byte[0];
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** One request at the origin and the means to answer it. */
    public static final class Exchange {
        private final Socket socket;
        private final OutputStream out;
        /** The method. */
        public final String method;
        /** The request target (path and query). */
        public final String target;
        /** Header values by lower-case name. */
        public final Map<String, List<String>> headers;
        /** The request body. */
        public final byte[] body;

        Exchange(Socket socket, String method, String target, Map<String, List<String>> headers, byte[] body)
                throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.method = method;
            this.target = target;
            this.headers = headers;
            this.body = body;
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        /** Starts a chunked {@code 200 text/event-stream} response with extra header lines. */
        public Exchange startEventStream(String... extraHeaders) throws IOException {
            return writeEventStreamHead("Transfer-Encoding: chunked", extraHeaders);
        }

        /**
         * Starts a {@code 200 text/event-stream} response without chunking, its body sent with {@link #sendRaw}:
         * without a {@code Content-Length} among the extra header lines it ends when the origin closes the
         * connection ({@link #kill} or {@link #reset}).
         */
        public Exchange startUnchunkedEventStream(String... extraHeaders) throws IOException {
            return writeEventStreamHead("Connection: close", extraHeaders);
        }

        /** Writes the head of a {@code 200 text/event-stream} response with {@code framing} and the extra lines. */
        private Exchange writeEventStreamHead(String framing, String... extraHeaders) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n")
                    .append(framing).append("\r\n");
            for (String h : extraHeaders) {
                head.append(h).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return this;
        }

        /** Sends bytes as they are, without chunk framing. */
        public Exchange sendRaw(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** Answers {@code 204 No Content} (an event source's "stop reconnecting") and closes the connection. */
        public void noContent() throws IOException {
            out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.close();
        }

        /** Sends bytes as one chunk. */
        public Exchange send(byte[] bytes) throws IOException {
            if (bytes.length > 0) {
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return this;
        }

        /** Sends bytes as one chunk per piece, cut at these offsets (ascending). */
        public Exchange send(byte[] bytes, int[] cuts) throws IOException {
            int from = 0;
            for (int cut : cuts) {
                send(Arrays.copyOfRange(bytes, from, cut));
                from = cut;
            }
            return send(Arrays.copyOfRange(bytes, from, bytes.length));
        }

        /** Sends a UTF-8 string as one chunk. */
        public Exchange send(String s) throws IOException {
            return send(s.getBytes(StandardCharsets.UTF_8));
        }

        /** Ends a chunked body and closes the connection. */
        public void end() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.close();
        }

        /** Answers a complete response with a body and closes the connection. */
        public void respond(int status, String reason, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + contentType
                       + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                              .getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            socket.close();
        }

        /** Waits until the gateway closes this connection; true if it did within the time. */
        public boolean awaitClosed(Duration within) throws IOException {
            long end = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < end) {
                try {
                    // a write to a closed peer fails; an empty read returns -1
                    socket.setSoTimeout(50);
                    if (socket.getInputStream().read() < 0) {
                        return true;
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // still open
                } catch (IOException e) {
                    return true;
                }
            }
            return false;
        }

        /** Closes the connection abruptly. */
        public void kill() throws IOException {
            socket.close();
        }

        /** Resets the connection (TCP RST): the peer's next read fails. */
        public void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }
}
