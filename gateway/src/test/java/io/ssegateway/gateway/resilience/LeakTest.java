package io.ssegateway.gateway.resilience;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many short streams leave no threads, file descriptors or upstream connections behind. */
@Timeout(180)
class LeakTest {
    private static final int CYCLES = 10_000;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final byte[] REQUEST = "GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    @Test
    void tenThousandConnectDisconnectCyclesLeaveNothingOpen() throws Exception {
        try (CountingOrigin origin = new CountingOrigin();
             Gateway gateway = GATEWAYS.start(TestGateway.route("events", "/events", origin.url()))) {
            cycle(gateway.port()); // warm up: classes, pools
            Await.until(SETTLE, () -> origin.open.get() == 0 && gateway.openStreams() == 0, () -> origin.open.get()
                        + " upstream connections and " + gateway.openStreams() + " streams open");
            long fdsBefore = openFds();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

            for (int i = 0; i < CYCLES; i++) {
                cycle(gateway.port());
            }

            Await.until(SETTLE, () -> origin.open.get() == 0 && gateway.openStreams() == 0, () -> origin.open.get()
                        + " upstream connections and " + gateway.openStreams() + " streams open");
            assertEquals(CYCLES + 1, origin.accepted.get(), "every cycle reached the origin once");
            Await.until(SETTLE, () -> openFds() <= fdsBefore + 10,
                        () -> "file descriptors before " + fdsBefore + ", after " + openFds());
            assertTrue(openFds() <= fdsBefore + 10, "file descriptors before " + fdsBefore + ", after " + openFds());
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            assertTrue(threadsAfter <= threadsBefore + 3, "platform threads before " + threadsBefore + ", after "
                                                          + threadsAfter);
        }
    }

    /** Opens a stream, reads its first event, and disconnects. */
    private static void cycle(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(REQUEST);
            InputStream in = s.getInputStream();
            byte[] want = "data: hi\n\n".getBytes(StandardCharsets.US_ASCII);
            int matched = 0;
            while (matched < want.length) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("stream ended before the first event");
                }
                matched = b == want[matched] ? matched + 1 : (b == want[0] ? 1 : 0);
            }
        }
    }

    private static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSE origin that counts its open connections: one event, then it waits for the gateway to hang up. */
    private static final class CountingOrigin implements AutoCloseable {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        private final ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());

        CountingOrigin() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        open.incrementAndGet();
                        accepted.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                int state = 0;
                while (state < 4) { // the request head
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
                }
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                           + "a\r\ndata: hi\n\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (in.read() >= 0) {
                    // until the gateway closes the connection
                }
            } catch (IOException e) {
                // closed
            } finally {
                open.decrementAndGet();
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
