package io.ssegateway.gateway.resilience;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stream whose client left ends at its origin with a reset, not a FIN: after a FIN, Linux at times kept the closed
 * upstream socket half-open for a minute, taking the origin's events, so the origin learnt of the end late.
 */
@Timeout(30)
class UpstreamResetTest {
    private static final String REQUEST = "GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n";
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    @Test
    void aStreamWhoseClientLeftIsResetAtTheOrigin() throws Exception {
        try (ServerSocket origin = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Gateway gateway = GATEWAYS.start(TestGateway.route("events", "/events",
                                                                "http://127.0.0.1:" + origin.getLocalPort()))) {
            CompletableFuture<String> howItEnded = CompletableFuture.supplyAsync(() -> serveOne(origin));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
                readUntil(client.getInputStream(), "data: hi\n\n");
            }
            assertEquals("reset", howItEnded.get(20, TimeUnit.SECONDS));
        }
    }

    /** Answers one stream with one event, then reads until the gateway hangs up; says how it did. */
    private static String serveOne(ServerSocket origin) {
        try (Socket s = origin.accept()) {
            s.setSoTimeout(15_000);
            InputStream in = s.getInputStream();
            readUntil(in, "\r\n\r\n");
            s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\na\r\ndata: hi\n\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            try {
                return in.read() < 0 ? "fin" : "a byte";
            } catch (SocketException e) {
                return e.getMessage().contains("reset") ? "reset" : e.getMessage();
            }
        } catch (IOException e) {
            return "origin failed: " + e;
        }
    }

    private static void readUntil(InputStream in, String end) throws IOException {
        byte[] want = end.getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        while (matched < want.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("ended before " + end.replace("\r", "\\r").replace("\n", "\\n"));
            }
            matched = b == want[matched] ? matched + 1 : (b == want[0] ? 1 : 0);
        }
    }
}
