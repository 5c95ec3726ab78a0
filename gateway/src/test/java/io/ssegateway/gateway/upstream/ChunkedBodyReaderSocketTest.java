package io.ssegateway.gateway.upstream;

import io.helidon.common.buffers.DataReader;
import io.ssegateway.gateway.helidon.SocketInput;
import io.ssegateway.gateway.relay.RelayLoop;
import io.ssegateway.gateway.testing.LoopbackPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A chunked body over a real loopback socket: what the connection's reader holds first, then the socket itself. */
@Timeout(10)
class ChunkedBodyReaderSocketTest {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    private LoopbackPair pair;
    private final AtomicInteger pulls = new AtomicInteger();
    private DataReader reader;

    @BeforeEach
    void connect() throws IOException {
        pair = new LoopbackPair();
        reader = DataReader.create(() -> {
            pulls.incrementAndGet();
            return pair.socket.get();
        });
    }

    @AfterEach
    void close() throws IOException {
        pair.close();
    }

    @Test
    void takesWhatTheReaderHoldsThenReadsTheSocketWithoutTheReader() throws IOException {
        String first = chunk("id: 1\ndata: with the head\n\n");
        String second = chunk("id: 2\ndata: " + "x".repeat(300) + "\n\n");
        send(HEAD + first);
        readHead(HEAD.length() + first.length());
        int pulled = pulls.get();
        InputStream raw = SocketInput.of(pair.socket);
        assertNotNull(raw, "Helidon's socket stream is reachable on this version");
        ChunkedBodyReader body = new ChunkedBodyReader(reader, raw);

        byte[] buffer = new byte[RelayLoop.FIRST_BUFFER_SIZE];
        assertEquals("id: 1\ndata: with the head\n\n", text(buffer, body.read(buffer)), "the reader's bytes first");
        send(second + "0\r\n\r\n");
        StringBuilder rest = new StringBuilder();
        int n;
        while ((n = body.read(buffer)) != -1) {
            rest.append(text(buffer, n));
        }
        assertEquals("id: 2\ndata: " + "x".repeat(300) + "\n\n", rest.toString());
        assertEquals(pulled, pulls.get(), "after the bytes it held, the reader was not read again");
    }

    @Test
    void aConnectionThatEndsBeforeTheLastChunkFailsTheRead() throws IOException {
        send(HEAD);
        readHead(HEAD.length());
        ChunkedBodyReader body = new ChunkedBodyReader(reader, SocketInput.of(pair.socket));
        send("10\r\nonly part");
        pair.peer.shutdownOutput();
        byte[] buffer = new byte[64];
        IOException e = assertThrows(IOException.class, () -> {
            while (body.read(buffer) >= 0) {
                // read until the connection ends
            }
        });
        assertEquals("upstream closed the connection before the last chunk", e.getMessage());
    }

    /** Reads the response head as WebClient would, leaving in the reader whatever came with it. */
    private void readHead(int sent) {
        while (reader.available() < sent) {
            reader.pullData();
        }
        reader.skip(HEAD.length());
    }

    private void send(String wire) throws IOException {
        OutputStream out = pair.peer.getOutputStream();
        out.write(wire.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    private static String text(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }
}
