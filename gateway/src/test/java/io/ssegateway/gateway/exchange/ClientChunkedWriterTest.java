package io.ssegateway.gateway.exchange;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunks the body frames itself: one per flush, at most 64 KiB each, with exact size lines; a released body holds
 * no buffer.
 */
class ClientChunkedWriterTest {
    private final List<String> writes = new ArrayList<>();
    private boolean helidonClosed;
    private final ClientChunkedWriter body = new ClientChunkedWriter(new Writes(), new OutputStream() {
        @Override
        public void write(int b) {
            throw new AssertionError("nothing goes through Helidon's stream");
        }

        @Override
        public void close() {
            helidonClosed = true;
        }
    });

    @Test
    void whatIsWrittenBetweenFlushesLeavesAsOneChunk() throws IOException {
        body.write(bytes("data: a\n"));
        body.write(bytes("\n"));
        body.flush();
        body.flush(); // nothing pending: no empty chunk, which would end the body
        body.write(bytes(":\n\n"));
        body.close();
        assertEquals(List.of("9\r\ndata: a\n\n\r\n", "3\r\n:\n\n\r\n"), writes);
        assertTrue(helidonClosed, "Helidon's stream is closed, so Helidon ends the body");
    }

    @Test
    void theBufferGrowsWithABusyStreamAndMoreThan64KiBBetweenFlushesIsSplit() throws IOException {
        String big = "x".repeat(ClientChunkedWriter.MAX_CHUNK + 1000);
        body.write(bytes(big.substring(0, 300)));
        body.write(bytes(big.substring(300)));
        body.flush();
        assertEquals(List.of("10000\r\n" + big.substring(0, ClientChunkedWriter.MAX_CHUNK) + "\r\n",
                             "3e8\r\n" + "x".repeat(1000) + "\r\n"), writes);
        writes.clear();
        body.write('z');
        body.flush();
        assertEquals(List.of("1\r\nz\r\n"), writes);
    }

    @Test
    void aReleasedBodyHoldsNoBufferAndItsNextBatchTakesOneFromThePool() throws IOException {
        body.write(bytes("data: a\n\n"));
        body.release();
        assertEquals(0, body.held(), "a parked shared client holds no write buffer");
        assertEquals(List.of("9\r\ndata: a\n\n\r\n"), writes);
        writes.clear();
        body.write(bytes("data: b\n\n"));
        assertTrue(body.held() > 0, "the next batch has a buffer again");
        body.release();
        assertEquals(List.of("9\r\ndata: b\n\n\r\n"), writes);
        assertTrue(ClientChunkedWriter.SHARED.waiting() > 0, "the batch's buffer went back to the pool");
        body.release(); // nothing written: nothing sent, still nothing held
        assertEquals(0, body.held());
        assertEquals(1, writes.size());
    }

    @Test
    void thePoolKeepsAtMostItsSlotsAndHandsBackWhatItKeeps() {
        WriteBuffers pool = new WriteBuffers(100);
        byte[] first = pool.take();
        assertEquals(100, first.length);
        pool.give(first);
        assertTrue(first == pool.take(), "a buffer given back is the next one taken");
        for (int i = 0; i < WriteBuffers.SLOTS + 10; i++) {
            pool.give(new byte[100]);
        }
        pool.give(new byte[50]); // another length: not kept
        assertEquals(WriteBuffers.SLOTS, pool.waiting());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The connection: keeps each write's bytes (copied, as the body reuses its array). */
    private final class Writes implements DataWriter {
        @Override
        public void write(BufferData... buffers) {
            for (BufferData b : buffers) {
                write(b);
            }
        }

        @Override
        public void write(BufferData buffer) {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            buffer.writeTo(copy);
            writes.add(copy.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void writeNow(BufferData... buffers) {
            write(buffers);
        }

        @Override
        public void writeNow(BufferData buffer) {
            write(buffer);
        }
    }
}
