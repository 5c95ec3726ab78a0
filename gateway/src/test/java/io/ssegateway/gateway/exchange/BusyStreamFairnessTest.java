package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Virtual threads are not time-sliced: a relay whose upstream never pauses and whose client always keeps up never
 * blocks, so it must step aside by itself, or the streams that fill every carrier thread keep new ones from ever
 * being served.
 */
class BusyStreamFairnessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    private FloodOrigin origin;
    private Gateway gateway;

    @Test
    @Timeout(60)
    void newStreamIsServedWhileBusyStreamsFillEveryCarrier() throws Exception {
        origin = GATEWAYS.closeAfter(new FloodOrigin());
        gateway = GATEWAYS.start(TestGateway.route("events", "/events", origin.url()));
        int busy = 2 * Runtime.getRuntime().availableProcessors();
        AtomicLong relayed = new AtomicLong();
        CountDownLatch flowing = new CountDownLatch(busy);
        for (int i = 0; i < busy; i++) {
            Socket s = GATEWAYS.closeAfter(new Socket(InetAddress.getLoopbackAddress(), gateway.port()));
            s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
                                              .getBytes(StandardCharsets.US_ASCII));
            Thread.ofPlatform().daemon().start(() -> drain(s, relayed, flowing));
        }
        assertTrue(flowing.await(WAIT.toSeconds(), TimeUnit.SECONDS), "busy streams never got going");
        long before = relayed.get();

        try (RawClient late = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            assertEquals(200, late.status());
            assertEquals("data: " + "x".repeat(200) + "\n\n", late.readUntil("\n\n", WAIT));
        }
        assertTrue(relayed.get() > before, "the busy streams stopped while the new one was served");
    }

    /** Reads a busy stream's bytes as fast as they come and drops them; counts down once it has a megabyte. */
    private static void drain(Socket s, AtomicLong relayed, CountDownLatch flowing) {
        byte[] buffer = new byte[64 * 1024];
        long mine = 0;
        try (InputStream in = s.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                relayed.addAndGet(n);
                if (mine < 1 << 20 && (mine += n) >= 1 << 20) {
                    flowing.countDown();
                }
            }
        } catch (IOException e) {
            // closed at the end of the test
        }
    }

    /** An SSE origin that writes events to every stream as fast as its socket takes them, on platform threads. */
    private static final class FloodOrigin implements AutoCloseable {
        private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new ArrayList<>();

        FloodOrigin() throws IOException {
            Thread.ofPlatform().daemon().start(this::accept);
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = server.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    Thread.ofPlatform().daemon().start(() -> flood(s));
                }
            } catch (IOException e) {
                // closed
            }
        }

        private static void flood(Socket s) {
            byte[] event = ("data: " + "x".repeat(200) + "\n\n").getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[event.length * 40];
            for (int i = 0; i < 40; i++) {
                System.arraycopy(event, 0, chunk, i * event.length, event.length);
            }
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] framed = new byte[size.length + chunk.length + 2];
            System.arraycopy(size, 0, framed, 0, size.length);
            System.arraycopy(chunk, 0, framed, size.length, chunk.length);
            framed[framed.length - 2] = '\r';
            framed[framed.length - 1] = '\n';
            try (s) {
                readHead(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                                  .getBytes(StandardCharsets.US_ASCII));
                while (true) {
                    out.write(framed);
                }
            } catch (IOException e) {
                // the gateway closed the stream
            }
        }

        private static void readHead(InputStream in) throws IOException {
            byte[] tail = new byte[4];
            int b;
            while ((b = in.read()) >= 0) {
                System.arraycopy(tail, 1, tail, 0, 3);
                tail[3] = (byte) b;
                if (Arrays.equals(tail, HEAD_END)) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }
}
