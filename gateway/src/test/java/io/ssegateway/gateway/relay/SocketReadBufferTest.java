package io.ssegateway.gateway.relay;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.PlainSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Helidon's socket read buffer, resized on real loopback sockets, and a chunked body sizing its socket reads. */
@Timeout(10)
class SocketReadBufferTest {
    private ServerSocket server;
    private Socket peer;
    private Socket local;
    private PlainSocket socket;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        local = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        peer = server.accept();
        socket = PlainSocket.client(local, "test");
    }

    @AfterEach
    void close() throws IOException {
        local.close();
        peer.close();
        server.close();
    }

    @Test
    void startsAtHelidonsEightKib() {
        assertEquals(8192, SocketReadBuffer.of(socket).size());
    }

    @Test
    void aResizedBufferBoundsEachSocketRead() throws IOException {
        SocketReadBuffer buffer = SocketReadBuffer.of(socket);
        assertNotNull(buffer);
        buffer.resize(64);
        byte[] sent = new byte[200];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) i;
        }
        peer.getOutputStream().write(sent);
        peer.getOutputStream().flush();

        byte[] received = new byte[200];
        int at = 0;
        while (at < received.length) {
            byte[] read = socket.get();
            assertEquals(true, read.length <= 64, "a read of " + read.length + " bytes through a 64-byte buffer");
            System.arraycopy(read, 0, received, at, read.length);
            at += read.length;
        }
        assertArrayEquals(sent, received, "nothing is lost or reordered by the smaller buffer");
    }

    @Test
    void aChunkedBodySizesSocketReadsToItsCallersBuffer() throws IOException {
        SocketReadBuffer buffer = SocketReadBuffer.of(socket);
        ChunkedBody body = new ChunkedBody(DataReader.create(socket), buffer);
        OutputStream out = peer.getOutputStream();
        String event = "data: " + "x".repeat(194) + "\n\n";
        String chunk = Integer.toHexString(event.length()) + "\r\n" + event + "\r\n";

        out.write(chunk.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] quiet = new byte[RelayLoop.FIRST_BUFFER_SIZE];
        assertEquals(event.length(), body.read(quiet));
        assertEquals(RelayLoop.FIRST_BUFFER_SIZE + RelayLoop.FIRST_BUFFER_SIZE / 4, buffer.size(),
                     "a quiet stream's socket reads what its relay buffer takes, plus room for the chunk framing");

        out.write(chunk.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] busy = new byte[RelayLoop.BUFFER_SIZE];
        assertEquals(event.length(), body.read(busy));
        assertEquals(8192, buffer.size(), "a busy stream's socket reads up to Helidon's 8 KiB again");
    }
}
