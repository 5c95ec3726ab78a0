package io.ssegateway.gateway.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An HTTP/1.1 client over a plain socket, so tests see exact bytes and decide exactly when to disconnect. */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private Chunked chunked;
    private long contentLength = -1;
    private final Received received = new Received();

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends a request; the response head is read when first needed (waiting at most 10 s). */
    public static RawClient request(int port, String method, String target, String body, String... headerLines)
            throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
        for (String h : headerLines) {
            req.append(h).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            req.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        req.append("\r\n");
        socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return new RawClient(socket);
    }

    /** A GET with headers. */
    public static RawClient get(int port, String target, String... headerLines) throws IOException {
        return request(port, "GET", target, null, headerLines);
    }

    private boolean headRead;

    private void readHead() throws IOException {
        if (headRead) {
            return;
        }
        headRead = true;
        String statusLine = HttpLine.read(in);
        status = Integer.parseInt(statusLine.split(" ")[1]);
        String line;
        while (!(line = HttpLine.read(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        if (String.valueOf(headerValue("transfer-encoding")).contains("chunked")) {
            chunked = new Chunked(in);
        } else if (headerValue("content-length") != null) {
            contentLength = Long.parseLong(headerValue("content-length"));
        }
    }

    /** The response status. */
    public int status() throws IOException {
        readHead();
        return status;
    }

    /** The first value of a response header, or null. */
    public String header(String name) throws IOException {
        readHead();
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    private String headerValue(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    /** All response headers by lower-case name. */
    public Map<String, List<String>> headers() throws IOException {
        readHead();
        return headers;
    }

    /** Reads body bytes until what was received so far ends with {@code suffix}; fails after the time. */
    public String readUntil(String suffix, Duration within) throws IOException {
        byte[] want = suffix.getBytes(StandardCharsets.UTF_8);
        long end = System.nanoTime() + within.toNanos();
        while (!endsWith(want)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("did not receive " + suffix.replace("\n", "\\n") + " within " + within
                                         + "; got: " + bodySoFar().replace("\n", "\\n"));
            }
            int b = readByte((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
            if (b < 0) {
                throw new AssertionError("body ended before " + suffix.replace("\n", "\\n") + "; got: "
                                         + bodySoFar().replace("\n", "\\n"));
            }
        }
        return bodySoFar();
    }

    /** Reads the body to its end (at most the time), as UTF-8 text. */
    public String readTextToEnd(Duration within) throws IOException {
        return new String(readToEnd(within), StandardCharsets.UTF_8);
    }

    /** Reads the body to its end (at most the time). */
    public byte[] readToEnd(Duration within) throws IOException {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            if (System.nanoTime() > end) {
                throw new AssertionError("body did not end within " + within);
            }
            if (readByte((int) Math.max(1, (end - System.nanoTime()) / 1_000_000)) < 0) {
                return received.toByteArray();
            }
        }
    }

    /** Whether nothing more arrives for this long (reads and keeps anything that does). */
    public boolean quietFor(Duration d) throws IOException {
        socket.setSoTimeout((int) d.toMillis());
        try {
            return readByte((int) d.toMillis()) == -2;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    /** The body so far as UTF-8. */
    public String bodySoFar() {
        return received.toString(StandardCharsets.UTF_8);
    }

    private int readByte(int timeoutMs) throws IOException {
        readHead();
        socket.setSoTimeout(timeoutMs);
        try {
            int b;
            if (chunked != null) {
                b = chunked.read();
            } else if (contentLength >= 0) {
                b = received.size() >= contentLength ? -1 : in.read();
            } else {
                b = in.read();
            }
            if (b >= 0) {
                received.write(b);
            }
            return b;
        } catch (SocketTimeoutException e) {
            return -2;
        }
    }

    private boolean endsWith(byte[] want) {
        return received.endsWith(want);
    }

    /** The body bytes, checked at every byte for a suffix without copying them (bodies of 100 KB and more). */
    private static final class Received extends ByteArrayOutputStream {
        synchronized boolean endsWith(byte[] want) {
            if (count < want.length) {
                return false;
            }
            for (int i = 0; i < want.length; i++) {
                if (buf[count - want.length + i] != want[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
