package io.ssegateway.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on loopback that answers every connection with a script the test writes byte for byte, records the
 * request bytes each connection sent, and tells when the gateway closed each connection: for attacks the origin side
 * of which must be exact (interim responses, short bodies, endless bodies nobody reads).
 */
public final class RawOrigin implements AutoCloseable {
    /** What the origin does on one connection once it has read a request head. */
    @FunctionalInterface
    public interface Script {
        /** Answers on {@code connection}; returning leaves the socket open until the gateway closes it. */
        void answer(Connection connection) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    /** Starts listening on a free loopback port; every request is answered with {@code script}. */
    public RawOrigin(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("raw-origin-accept").start(this::acceptLoop);
    }

    /** The origin's base URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far, oldest first. */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Request heads read so far (over all connections). */
    public int requests() {
        return requests.get();
    }

    /** The connections the gateway has not closed yet. */
    public long open() {
        return connections.stream().filter(c -> !c.closed()).count();
    }

    /** Waits for the {@code index}th connection (0-based), at most 5 s. */
    public Connection connection(int index) throws InterruptedException {
        Await.until(Duration.ofSeconds(5), () -> connections.size() > index, "connection " + index + " to the origin");
        return connections.get(index);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Connection c = new Connection(s);
                connections.add(c);
                Thread.ofVirtual().name("raw-origin-conn").start(c::serve);
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection c : connections) {
            c.socket.close();
        }
    }

    /** One connection from the gateway. */
    public final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final CountDownLatch closed = new CountDownLatch(1);
        private final CountDownLatch headRead = new CountDownLatch(1);
        private volatile long bytesSent;
        private volatile boolean writing;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        private void serve() {
            try {
                InputStream in = socket.getInputStream();
                if (!readHead(in)) {
                    return;
                }
                requests.incrementAndGet();
                headRead.countDown();
                Thread.ofVirtual().name("raw-origin-read").start(() -> readRest(in));
                script.answer(this);
            } catch (IOException | InterruptedException e) {
                // the gateway closed the connection while the script wrote
            }
        }

        private boolean readHead(InputStream in) throws IOException {
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    closed.countDown();
                    return false;
                }
                record(b);
                state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
            }
            return true;
        }

        /** Reads (and records) whatever else the gateway sends until it closes the connection. */
        private void readRest(InputStream in) {
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    record(b);
                }
            } catch (IOException e) {
                // reset
            } finally {
                closed.countDown();
            }
        }

        private void record(int b) {
            synchronized (received) {
                received.write(b);
            }
        }

        /** Everything the gateway sent on this connection so far, as ISO-8859-1. */
        public String received() {
            synchronized (received) {
                return received.toString(StandardCharsets.ISO_8859_1);
            }
        }

        /** Writes raw bytes (ISO-8859-1) and flushes. */
        public Connection write(String raw) throws IOException {
            return write(raw.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Writes raw bytes and flushes. */
        public Connection write(byte[] raw) throws IOException {
            writing = true;
            try {
                out.write(raw);
                out.flush();
                bytesSent += raw.length;
            } finally {
                writing = false;
            }
            return this;
        }

        /** Bytes written to the gateway so far. */
        public long bytesSent() {
            return bytesSent;
        }

        /** Whether a write is blocked right now (the gateway stopped reading, its buffers full) or under way. */
        public boolean writing() {
            return writing;
        }

        /** Whether the gateway closed (or reset) the connection. */
        public boolean closed() {
            return closed.getCount() == 0;
        }

        /** Waits until the gateway closes the connection; true if it did within the time. */
        public boolean awaitClosed(Duration within) throws InterruptedException {
            return closed.await(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Closes the connection from the origin's side (FIN). */
        public void close() throws IOException {
            socket.close();
        }

        /** Half-closes: sends FIN but still reads what the gateway sends. */
        public void shutdownOutput() throws IOException {
            try {
                socket.shutdownOutput();
            } catch (SocketException e) {
                // already closed
            }
        }
    }
}
