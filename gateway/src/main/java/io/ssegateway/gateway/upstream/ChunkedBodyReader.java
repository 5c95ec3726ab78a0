package io.ssegateway.gateway.upstream;

import io.helidon.common.buffers.DataReader;
import io.helidon.webclient.api.ClientConnection;
import io.ssegateway.gateway.helidon.SocketReset;

import java.io.IOException;
import java.io.InputStream;

/**
 * A chunked body read straight from the connection: the bytes of the chunks, without their framing. Mostly an
 * upstream's response body; also a client's request body forwarded upstream ({@link #ofClient}). Unlike
 * the client's own entity stream (one chunk per read, a new buffer for each) a read returns all the chunk bytes
 * already received, up to the caller's buffer, and {@link #available()} tells whether more are already here, so the
 * relay can send events that arrived together with one flush. Trailers after the last chunk are not read: the body
 * ends at the last chunk's size line.
 * <p>
 * Given the connection's socket stream, it takes from the connection's reader only what that already holds (read
 * with the response head) and then reads the socket itself into one reused buffer, sized to what its caller reads at
 * once (a small buffer for a quiet stream), at most 8 KiB. Helidon's reader would copy every socket read into a new
 * array and a new list node, and a consumed node that the young collection had promoted kept every later one alive
 * until a full collection (S2 on a transform route: a quarter of the CPU in young collections).
 */
public final class ChunkedBodyReader extends InputStream {
    /** Chunk sizes above this are refused (a corrupt or hostile size line). */
    private static final long MAX_CHUNK = Integer.MAX_VALUE;
    /** A size line with its extensions longer than this is refused. */
    static final int MAX_SIZE_LINE = 4096;
    /** A socket read is at most this (Helidon's own buffer size). */
    private static final int MAX_SOCKET_READ = 8192;
    private static final byte[] NONE = new byte[0];

    private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, DONE }

    private final DataReader reader;
    private final InputStream socket;
    private final ClientConnection connection;
    /** Who sent the body, as errors name it: {@code upstream} or {@code client}. */
    private final String sender;
    private int lineLength;
    /** The reader is used up and every byte comes from the socket through {@link #raw}. */
    private boolean direct;
    private byte[] raw = NONE;
    private int rawPos;
    private int rawEnd;
    private State state = State.SIZE;
    private long size;
    private int digits;
    private long left;
    private IOException broken;

    /** A body read from {@code reader} alone. */
    ChunkedBodyReader(DataReader reader) {
        this(reader, null);
    }

    /**
     * A body whose first bytes are those {@code reader} already holds and whose others are read from {@code socket},
     * the stream under the reader (the reader must not be read from elsewhere); a null socket reads everything
     * through the reader.
     */
    public ChunkedBodyReader(DataReader reader, InputStream socket) {
        this(reader, socket, null);
    }

    /** As {@link #ChunkedBodyReader(DataReader, InputStream)}, and {@link #close} closes {@code connection}. */
    ChunkedBodyReader(DataReader reader, InputStream socket, ClientConnection connection) {
        this(reader, socket, connection, "upstream");
    }

    private ChunkedBodyReader(DataReader reader, InputStream socket, ClientConnection connection, String sender) {
        this.reader = reader;
        this.socket = socket;
        this.connection = connection;
        this.sender = sender;
    }

    /**
     * A client's chunked request body read from its connection's reader, which holds the bytes after the request
     * head; extensions are skipped, and reading stops at the last chunk's size line (trailers are not read, so the
     * connection cannot serve another request after it).
     */
    static ChunkedBodyReader ofClient(DataReader reader) {
        return new ChunkedBodyReader(reader, null, null, "client");
    }

    /** Resets and closes the connection, if given one; a read blocked on another thread then fails. */
    @Override
    public void close() {
        if (connection != null) {
            SocketReset.onClose(connection.helidonSocket());
            connection.closeResource();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    /**
     * Fills {@code b} with the chunk bytes already received, across chunks; blocks only when none have been
     * received yet, so it never returns 0 for a non-empty buffer.
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int produced = 0;
        int buffered = buffered();
        while (produced < len) {
            if (broken != null) {
                throw broken;
            }
            if (state == State.DONE) {
                return produced == 0 ? -1 : produced;
            }
            if (buffered == 0) {
                if (produced > 0) {
                    return produced;
                }
                buffered = receive(len); // blocks; an end of stream before the last chunk throws
            } else if (state == State.DATA) {
                int n = (int) Math.min(Math.min(len - produced, left), buffered);
                take(b, off + produced, n);
                produced += n;
                buffered -= n;
                left -= n;
                if (left == 0) {
                    state = State.DATA_CR;
                }
            } else {
                frame(next());
                buffered--;
            }
        }
        return produced;
    }

    /**
     * Chunk bytes that a read returns without blocking: 0 when only framing (or nothing) is buffered. Broken framing
     * also gives 0; the next read throws.
     */
    @Override
    public int available() {
        int buffered = buffered();
        try {
            while (buffered > 0 && broken == null && state != State.DATA && state != State.DONE) {
                frame(next());
                buffered--;
            }
        } catch (IOException e) {
            return 0;
        }
        return state == State.DATA ? (int) Math.min(left, buffered) : 0;
    }

    /** Whether bytes past those {@link #available()} counts have arrived: in the socket, not read from it yet. */
    public boolean moreInSocket() {
        try {
            return socket != null && socket.available() > 0;
        } catch (IOException e) {
            return false; // the next read fails
        }
    }

    private int buffered() {
        return direct ? rawEnd - rawPos : reader.available();
    }

    private byte next() {
        return direct ? raw[rawPos++] : reader.read();
    }

    private void take(byte[] b, int at, int n) {
        if (direct) {
            System.arraycopy(raw, rawPos, b, at, n);
            rawPos += n;
        } else {
            reader.readBuffer(n).read(b, at, n);
        }
    }

    /** Waits for more bytes of the connection (nothing is buffered); returns how many came. */
    private int receive(int len) throws IOException {
        if (socket == null) {
            reader.ensureAvailable();
            return reader.available();
        }
        direct = true; // the reader holds nothing more: from now on the socket is read here
        // a quarter more than the caller takes: the chunk framing comes in the same socket read
        int want = Math.min(len + len / 4, MAX_SOCKET_READ);
        if (raw.length < want) {
            raw = new byte[want];
        }
        int n;
        do {
            n = socket.read(raw, 0, want);
        } while (n == 0);
        if (n < 0) {
            throw new IOException(sender + " closed the connection before the last chunk");
        }
        rawPos = 0;
        rawEnd = n;
        return n;
    }

    /** Moves the framing state machine by one byte outside chunk data; broken framing stays broken. */
    private void frame(byte c) throws IOException {
        try {
            step(c);
        } catch (IOException e) {
            broken = e;
            throw e;
        }
    }

    private void step(byte c) throws IOException {
        if ((state == State.SIZE || state == State.EXTENSION) && ++lineLength > MAX_SIZE_LINE) {
            throw new IOException(sender + " sent a chunk size line over " + MAX_SIZE_LINE + " bytes");
        }
        switch (state) {
        case SIZE -> {
            int digit = Character.digit(c, 16);
            if (digit >= 0) {
                size = size * 16 + digit;
                if (++digits > 16 || size > MAX_CHUNK) {
                    throw new IOException(sender + " sent a chunk size over " + MAX_CHUNK + " bytes");
                }
            } else if (digits > 0 && (c == ';' || c == ' ' || c == '\t')) {
                state = State.EXTENSION;
            } else if (digits > 0 && c == '\r') {
                state = State.SIZE_LF;
            } else if (digits > 0 && c == '\n') {
                sizeLineEnded();
            } else {
                throw new IOException(sender + " sent a malformed chunk size line");
            }
        }
        case EXTENSION -> {
            if (c == '\n') {
                sizeLineEnded();
            }
        }
        case SIZE_LF -> {
            if (c != '\n') {
                throw new IOException(sender + " sent a chunk size line without LF after CR");
            }
            sizeLineEnded();
        }
        case DATA_CR -> {
            if (c == '\r') {
                state = State.DATA_LF;
            } else if (c == '\n') {
                state = State.SIZE;
            } else {
                throw new IOException(sender + " sent more chunk data than the chunk size");
            }
        }
        case DATA_LF -> {
            if (c != '\n') {
                throw new IOException(sender + " sent a chunk without CRLF after its data");
            }
            state = State.SIZE;
        }
        default -> throw new IllegalStateException("no framing in state " + state);
        }
    }

    private void sizeLineEnded() {
        lineLength = 0;
        left = size;
        size = 0;
        digits = 0;
        state = left == 0 ? State.DONE : State.DATA;
    }
}
