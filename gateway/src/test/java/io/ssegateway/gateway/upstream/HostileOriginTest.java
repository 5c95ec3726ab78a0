package io.ssegateway.gateway.upstream;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.RawOrigin;
import io.ssegateway.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Origins that answer as an attacker (or a broken server) would, over real sockets: endless bodies without a length
 * that the client stops taking, interim responses before the final one, an unasked protocol switch, a body shorter
 * than it declared. Each case is one origin script and one client exchange, so that it can become a row of the
 * hostile-HTTP suite.
 */
@Timeout(30)
class HostileOriginTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SSE_UNFRAMED = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n";
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    private RawOrigin origin;
    private Gateway gateway;

    private void start(RawOrigin.Script script) throws IOException {
        origin = GATEWAYS.closeAfter(new RawOrigin(script));
        gateway = GATEWAYS.start(TestGateway.route("r", "/x", origin.url()));
    }

    /** Writes events without end (a 200-byte event every 2 ms) after {@code head}, until the gateway hangs up. */
    private static void endless(RawOrigin.Connection c, String head) throws IOException, InterruptedException {
        c.write(head);
        for (long i = 0; ; i++) {
            c.write("data: " + "x".repeat(200) + " " + i + "\n\n");
            Thread.sleep(2);
        }
    }

    // --- issue 24 item 3: upstream connections of plain requests ----------------------------------------------

    @Test
    void plainClientLeavingAnEndlessBodyWithoutLengthClosesTheUpstream() throws Exception {
        start(c -> endless(c, SSE_UNFRAMED));
        try (RawClient client = RawClient.get(gateway.port(), "/x")) { // plain curl: no Accept: text/event-stream
            assertEquals(200, client.status());
            client.readUntil("0\n\n", WAIT);
        }
        assertTrue(origin.connection(0).awaitClosed(WAIT), "the upstream connection was left open (and unread)");
        Await.until(WAIT, () -> gateway.openStreams() == 0, "the stream closed");
    }

    @Test
    void aConnectionWhoseBodyHadNoLengthIsNeverReused() throws Exception {
        start(c -> {
            if (origin.connections().size() == 1) {
                endless(c, SSE_UNFRAMED);
            } else {
                c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
            }
        });
        try (RawClient client = RawClient.get(gateway.port(), "/x")) {
            assertEquals(200, client.status());
            client.readUntil("0\n\n", WAIT);
        }
        for (int i = 0; i < 3; i++) {
            try (RawClient client = RawClient.get(gateway.port(), "/x")) {
                assertEquals(200, client.status(), "request " + i + " after the endless body: "
                             + client.readTextToEnd(WAIT));
                assertEquals("hello", client.readTextToEnd(WAIT));
            }
        }
        String first = origin.connection(0).received();
        assertEquals(1, first.split("GET /x ", -1).length - 1, "a later request was sent on the connection of the"
                     + " unfinished body: " + first);
    }

    @Test
    void aConnectionWhoseBodyEndedByClosingIsNeverReused() throws Exception {
        start(c -> {
            if (origin.connections().size() == 1) {
                c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close");
                c.shutdownOutput(); // the body ends with the connection, which the origin half-closes
            } else {
                c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
            }
        });
        try (RawClient client = RawClient.get(gateway.port(), "/x")) {
            assertEquals(200, client.status());
            assertEquals("until close", client.readTextToEnd(WAIT));
        }
        try (RawClient client = RawClient.get(gateway.port(), "/x")) {
            assertEquals(200, client.status(), "the next request went to the half-closed connection");
            assertEquals("hello", client.readTextToEnd(WAIT));
        }
        assertEquals(2, origin.connections().size());
        assertTrue(origin.connection(0).awaitClosed(WAIT), "the gateway kept the half-closed connection");
    }

    @Test
    void backToBackPlainRequestsEachHaveAConnectionOfTheirOwn() throws Exception {
        start(c -> c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"));
        for (int i = 0; i < 20; i++) {
            try (RawClient client = RawClient.get(gateway.port(), "/x")) {
                assertEquals(200, client.status(), "request " + i + ": "
                             + client.readTextToEnd(WAIT));
                assertEquals("hello", client.readTextToEnd(WAIT));
            }
        }
        assertEquals(20, origin.connections().size(), "a connection was taken from a pool");
        for (RawOrigin.Connection c : origin.connections()) {
            assertTrue(c.awaitClosed(WAIT), "the gateway left an upstream connection open after its response");
        }
    }

    // --- issue 24 item 4: interim responses -------------------------------------------------------------------

    @Test
    void interimResponsesBeforeAnEventStreamAreSkipped() throws Exception {
        start(c -> c.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                           + "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                           + "d\r\ndata: after\n\n\r\n0\r\n\r\n"));
        try (RawClient client = RawClient.get(gateway.port(), "/x", "Accept: text/event-stream")) {
            assertEquals(200, client.status());
            assertEquals("text/event-stream", client.header("Content-Type"));
            assertEquals(null, client.header("Link"), "an interim response's header is not the final one's");
            assertEquals("data: after\n\n", client.readTextToEnd(WAIT));
        }
    }

    @Test
    void interimResponsesBeforeAPlainBodyAreSkipped() throws Exception {
        start(c -> {
            c.write("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n");
            Thread.sleep(50); // the final head in another read
            c.write("HTTP/1.1 103 Early Hints\r\nLink: </b>\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 7\r\n\r\nmissing");
        });
        try (RawClient client = RawClient.get(gateway.port(), "/x")) {
            assertEquals(404, client.status());
            assertEquals("missing", client.readTextToEnd(WAIT));
        }
        assertTrue(origin.connection(0).awaitClosed(WAIT), "a connection that carried interim responses is closed");
    }

    @Test
    void anUnaskedSwitchOfProtocolsIsAnswered502() throws Exception {
        start(c -> c.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                           + "\u0081\u0005hello"));
        try (RawClient client = RawClient.get(gateway.port(), "/x")) {
            assertEquals(502, client.status());
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.contains("\"upstream_error\"") && body.contains("101"), body);
        }
        assertTrue(origin.connection(0).awaitClosed(WAIT), "the switched connection is closed");
    }

    @Test
    void endlessInterimResponsesAreAnswered502() throws Exception {
        start(c -> {
            for (int i = 0; i <= FinalResponse.MAX_INTERIM; i++) {
                c.write("HTTP/1.1 103 Early Hints\r\nLink: </" + i + ">\r\n\r\n");
            }
        });
        try (RawClient client = RawClient.get(gateway.port(), "/x")) {
            assertEquals(502, client.status());
            String body = client.readTextToEnd(WAIT);
            assertTrue(body.contains("interim"), body);
        }
    }

    // --- issue 24 item 6: the client's connection ends with its response ------------------------------------

    @Test
    void aBodyShorterThanItsLengthEndsTheClientConnectionAtOnce() throws Exception {
        start(c -> {
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n18 bytes and gone\n");
            c.close();
        });
        String got = exchange("GET /x HTTP/1.1\r\nHost: x\r\n\r\n", Duration.ofSeconds(2));
        assertTrue(got.toLowerCase(Locale.ROOT).contains("content-length: 100000"), got);
        assertTrue(got.endsWith("\r\n\r\n18 bytes and gone\n"), got);
    }

    @Test
    void aBrokenChunkedBodyIsNotEndedAsIfWhole() throws Exception {
        start(c -> {
            c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "6\r\n{\"a\":1\r\n");
            Thread.sleep(100);
            c.close(); // before the last chunk
        });
        String got = exchange("GET /x HTTP/1.1\r\nHost: x\r\n\r\n", Duration.ofSeconds(2));
        assertTrue(got.endsWith("6\r\n{\"a\":1\r\n"), "the client was told the body was whole: " + got);
    }

    /** Sends a raw request and reads until the gateway ends the connection; fails if that takes over {@code within}. */
    private String exchange(String request, Duration within) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gateway.port())) {
            s.setSoTimeout((int) within.toMillis());
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the connection did not end within " + within.toMillis() + " ms; got: "
                                             + got);
                } catch (SocketException e) {
                    return got.toString(); // a reset ends it too
                }
                if (n < 0) {
                    return got.toString();
                }
                got.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        }
    }
}
