package io.ssegateway.gateway.exchange;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.helidon.ResponseWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 event stream's chunked body, framed here and written to the connection once Helidon has sent the head.
 * Helidon frames each write itself and copies it twice on the way (a new array for the chunk, filled through a
 * temporary one: 128 KiB of garbage per 64 KiB event); this buffers what the relay writes in one reused array with
 * room for the framing around it, and at each flush writes that one chunk. Helidon still ends the body (its last
 * chunk) when the response completes. Used only where the connection writes synchronously (Helidon's direct socket
 * writer, so the array may be reused at once) and that writer is reachable ({@link ResponseWriter}); anywhere else
 * the relay writes through Helidon's stream as before. A shared stream's client lets go of its buffer after each
 * batch ({@link #release()}) and takes one from a pool for the next.
 */
final class ClientChunkedWriter extends OutputStream {
    /** Room before the data for the size line: up to 8 hex digits and CRLF. */
    private static final int HEAD_ROOM = 10;
    private static final int CRLF = 2;
    /** The buffer a stream starts with; it grows up to {@link #MAX_CHUNK} while writes fill it (a busy stream). */
    private static final int FIRST_CAPACITY = 512;
    /** The largest chunk: more data between two flushes goes out in several. */
    static final int MAX_CHUNK = 64 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Data room of the {@link #SHARED} buffers: what a shared client writes between two flushes at most. */
    static final int SHARED_CAPACITY = 4096;
    /**
     * The buffers shared-stream clients write their batches with ({@link #release()}): room for the 4 KiB a shared
     * client writes between flushes, with the framing around it.
     */
    static final WriteBuffers SHARED = new WriteBuffers(HEAD_ROOM + SHARED_CAPACITY + CRLF);
    private static final byte[] NONE = new byte[HEAD_ROOM + CRLF];

    private final DataWriter writer;
    private final OutputStream helidon;
    private byte[] buf = new byte[HEAD_ROOM + FIRST_CAPACITY + CRLF];
    private int count;
    /** Whether {@link #buf} was taken from {@link #SHARED} and goes back there at {@link #release()}. */
    private boolean pooled;

    ClientChunkedWriter(DataWriter writer, OutputStream helidon) {
        this.writer = writer;
        this.helidon = helidon;
    }

    /**
     * The body of {@code res}, whose head was just sent as chunked and whose stream {@code helidon} holds nothing, or
     * null where it cannot be written here (HTTP/2, a Content-Length, an asynchronous writer, another Helidon).
     */
    static OutputStream over(ServerResponse res, OutputStream helidon) {
        if (!res.headers().contains(HeaderValues.TRANSFER_ENCODING_CHUNKED)) {
            return null;
        }
        DataWriter writer = ResponseWriter.direct(res);
        return writer == null ? null : new ClientChunkedWriter(writer, helidon); // null: Helidon's own stream then
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (buf == NONE && len > 0) {
            buf = SHARED.take();
            pooled = true;
        }
        while (len > 0) {
            if (count == capacity()) {
                if (capacity() < MAX_CHUNK) {
                    grow(Math.min(MAX_CHUNK, Math.max(capacity() * 2, count + len)));
                } else {
                    sendChunk();
                }
            }
            int n = Math.min(len, capacity() - count);
            System.arraycopy(b, off, buf, HEAD_ROOM + count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    /** Sends what was written since the last flush as one chunk. */
    @Override
    public void flush() throws IOException {
        sendChunk();
    }

    /**
     * Sends what is left and lets go of the buffer until the next write, which takes one from a pool shared by all
     * streams: a client that writes in batches and parks between them (a shared stream's) holds no buffer while
     * parked. A buffer that grew past the pool's size (an event larger than 4 KiB) is left to the collector.
     */
    void release() throws IOException {
        sendChunk();
        if (pooled) {
            SHARED.give(buf);
        }
        buf = NONE;
        pooled = false;
    }

    /** Bytes of buffer this body holds now (0 after {@link #release()} until the next write). */
    int held() {
        return buf == NONE ? 0 : buf.length;
    }

    /** Sends what is left; Helidon's stream is closed, and Helidon writes the last chunk when the response ends. */
    @Override
    public void close() throws IOException {
        try {
            sendChunk();
        } finally {
            helidon.close();
        }
    }

    private int capacity() {
        return buf.length - HEAD_ROOM - CRLF;
    }

    private void grow(int capacity) {
        byte[] bigger = new byte[HEAD_ROOM + capacity + CRLF];
        System.arraycopy(buf, HEAD_ROOM, bigger, HEAD_ROOM, count);
        if (pooled) {
            SHARED.give(buf);
            pooled = false;
        }
        buf = bigger;
    }

    private void sendChunk() throws IOException {
        if (count == 0) {
            return;
        }
        int start = HEAD_ROOM;
        buf[--start] = '\n';
        buf[--start] = '\r';
        int size = count;
        do {
            buf[--start] = HEX[size & 0xF];
            size >>>= 4;
        } while (size != 0);
        int end = HEAD_ROOM + count;
        buf[end++] = '\r';
        buf[end++] = '\n';
        count = 0;
        try {
            writer.write(BufferData.create(buf, start, end - start));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("the client connection failed", e); // Helidon's SocketWriterException
        }
    }
}
