package io.ssegateway.gateway.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An event-stream client over a plain socket that reads on its own virtual thread and notes every {@code id:} line
 * it receives with its arrival time, so tests with hundreds of clients can wait for ids and compare exact bytes.
 * Expects LF line ends (what the tests' origins send).
 */
public final class EventStreamReader implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<String> ids = new ArrayList<>();
    private final List<Long> idNanos = new ArrayList<>();
    private volatile int status;
    private volatile boolean ended;
    private volatile Exception failure;

    private EventStreamReader(Socket socket) {
        this.socket = socket;
    }

    /** Opens {@code GET target} with these header lines and starts reading. */
    public static EventStreamReader open(int port, String target, String... headerLines) throws IOException {
        return open(port, 0, target, headerLines);
    }

    /**
     * Opens with a receive buffer of {@code receiveBuffer} bytes (0: the default) and starts reading; a reader never
     * {@link #start started} takes no bytes, so the gateway's writes to it block once the buffers are full.
     */
    public static EventStreamReader open(int port, int receiveBuffer, String target, String... headerLines)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return over(socket, port, target, headerLines);
    }

    /** Sends {@code GET target} over a connected socket (a TLS one, say) and returns a reader not yet started. */
    public static EventStreamReader over(Socket socket, int port, String target, String... headerLines)
            throws IOException {
        StringBuilder req = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: localhost:" + port
                                              + "\r\nAccept: text/event-stream\r\n");
        for (String h : headerLines) {
            req.append(h).append("\r\n");
        }
        socket.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return new EventStreamReader(socket);
    }

    /** Starts reading on a virtual thread of its own. */
    public EventStreamReader start() {
        Thread.ofVirtual().name("test-sse-reader").start(this::read);
        return this;
    }

    private void read() {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
            String statusLine = HttpLine.read(in);
            int st = Integer.parseInt(statusLine.split(" ")[1]);
            boolean chunked = false;
            String h;
            while (!(h = HttpLine.read(in)).isEmpty()) {
                if (h.toLowerCase().startsWith("transfer-encoding:") && h.toLowerCase().contains("chunked")) {
                    chunked = true;
                }
            }
            status = st;
            ByteArrayOutputStream currentLine = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            while (true) {
                int n;
                if (chunked) {
                    String size = HttpLine.read(in);
                    int semi = size.indexOf(';');
                    int length = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (length == 0) {
                        break;
                    }
                    if (length > buffer.length) {
                        buffer = new byte[length];
                    }
                    n = in.readNBytes(buffer, 0, length);
                    if (n < length) {
                        break;
                    }
                    HttpLine.read(in);
                } else {
                    n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                }
                took(buffer, n, currentLine);
            }
        } catch (IOException | RuntimeException e) {
            failure = e; // the connection ended
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void took(byte[] buffer, int n, ByteArrayOutputStream currentLine) {
        body.write(buffer, 0, n);
        long now = System.nanoTime();
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                currentLine.write(buffer, from, i - from);
                String l = currentLine.toString(StandardCharsets.UTF_8);
                if (l.startsWith("id:")) {
                    ids.add(l.substring(3).strip());
                    idNanos.add(now);
                }
                currentLine.reset();
                from = i + 1;
            }
        }
        currentLine.write(buffer, from, n - from);
        notifyAll();
    }

    /** The response status once the head arrived, else 0. */
    public int status() {
        return status;
    }

    /** Waits until the response head arrived; false if it did not within the time. */
    public boolean awaitHead(Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        synchronized (this) {
            while (status == 0 && !ended) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(Math.min(left, 20));
            }
        }
        return status != 0;
    }

    /** Waits until the id {@code id} arrived; fails the test if it did not within the time. */
    public void awaitId(String id, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        synchronized (this) {
            while (!ids.contains(id)) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0 || ended) {
                    throw new AssertionError("id " + id + " did not arrive within " + within + " (ended: " + ended
                                             + ", " + failure + "); ids: " + ids);
                }
                wait(Math.min(left, 50));
            }
        }
    }

    /** Waits until the response ended (or the connection closed); false if it did not within the time. */
    public boolean awaitEnd(Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        synchronized (this) {
            while (!ended) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(Math.min(left, 50));
            }
        }
        return true;
    }

    /** The ids received so far, in order. */
    public synchronized List<String> ids() {
        return List.copyOf(ids);
    }

    /** When each id arrived ({@link System#nanoTime()}), in the order of {@link #ids()}. */
    public synchronized List<Long> idNanos() {
        return List.copyOf(idNanos);
    }

    /** The body bytes so far. */
    public synchronized byte[] bytes() {
        return body.toByteArray();
    }

    /** The body so far as UTF-8. */
    public synchronized String text() {
        return body.toString(StandardCharsets.UTF_8);
    }

    /** Whether the connection ended. */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
