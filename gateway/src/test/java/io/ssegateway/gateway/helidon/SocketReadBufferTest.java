package io.ssegateway.gateway.helidon;

import io.ssegateway.gateway.testing.LoopbackPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Helidon's socket read buffer, resized on real loopback sockets. */
@Timeout(10)
class SocketReadBufferTest {
    private LoopbackPair pair;

    @BeforeEach
    void connect() throws IOException {
        pair = new LoopbackPair();
    }

    @AfterEach
    void close() throws IOException {
        pair.close();
    }

    @Test
    void startsAtHelidonsEightKib() {
        assertEquals(8192, SocketReadBuffer.of(pair.socket).size());
    }

    @Test
    void aResizedBufferBoundsEachSocketRead() throws IOException {
        SocketReadBuffer buffer = SocketReadBuffer.of(pair.socket);
        assertNotNull(buffer);
        buffer.resize(64);
        byte[] sent = new byte[200];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) i;
        }
        pair.peer.getOutputStream().write(sent);
        pair.peer.getOutputStream().flush();

        byte[] received = new byte[200];
        int at = 0;
        while (at < received.length) {
            byte[] read = pair.socket.get();
            assertEquals(true, read.length <= 64, "a read of " + read.length + " bytes through a 64-byte buffer");
            System.arraycopy(read, 0, received, at, read.length);
            at += read.length;
        }
        assertArrayEquals(sent, received, "nothing is lost or reordered by the smaller buffer");
    }
}
