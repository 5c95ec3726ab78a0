package io.ssegateway.gateway.relay;

import io.helidon.common.buffers.DataReader;

import java.io.IOException;
import java.io.InputStream;

/**
 * A chunked upstream body read straight from the connection's reader: the bytes of the chunks, without their
 * framing. Unlike the client's own entity stream (one chunk per read, a new buffer for each) a read returns all the
 * chunk bytes already received, up to the caller's buffer, and {@link #available()} tells whether more are already
 * here, so the relay can send events that arrived together with one flush. Trailers after the last chunk are not
 * read: the body ends at the last chunk's size line.
 */
final class ChunkedBody extends InputStream {
    /** Chunk sizes above this are refused (a corrupt or hostile size line). */
    private static final long MAX_CHUNK = Integer.MAX_VALUE;
    /** A socket read is at most this (Helidon's own buffer size). */
    private static final int MAX_SOCKET_READ = 8192;

    private enum State { SIZE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, DONE }

    private final DataReader reader;
    private final SocketReadBuffer socketBuffer;
    private State state = State.SIZE;
    private long size;
    private int digits;
    private long left;
    private IOException broken;

    ChunkedBody(DataReader reader) {
        this(reader, null);
    }

    /**
     * A body read from {@code reader}; when {@code socketBuffer} (the connection's socket read buffer) is given, each
     * socket read is sized to what the caller reads at once (a small buffer for a quiet stream), at most 8 KiB.
     */
    ChunkedBody(DataReader reader, SocketReadBuffer socketBuffer) {
        this.reader = reader;
        this.socketBuffer = socketBuffer;
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
        int buffered = reader.available();
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
                if (socketBuffer != null) {
                    // a quarter more than the caller takes: the chunk framing comes in the same socket read
                    socketBuffer.resize(Math.min(len + len / 4, MAX_SOCKET_READ));
                }
                reader.ensureAvailable(); // blocks; an end of stream before the last chunk throws
                buffered = reader.available();
            } else if (state == State.DATA) {
                int n = (int) Math.min(Math.min(len - produced, left), buffered);
                reader.readBuffer(n).read(b, off + produced, n);
                produced += n;
                buffered -= n;
                left -= n;
                if (left == 0) {
                    state = State.DATA_CR;
                }
            } else {
                frame(reader.read());
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
        int buffered = reader.available();
        try {
            while (buffered > 0 && broken == null && state != State.DATA && state != State.DONE) {
                frame(reader.read());
                buffered--;
            }
        } catch (IOException e) {
            return 0;
        }
        return state == State.DATA ? (int) Math.min(left, buffered) : 0;
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
        switch (state) {
        case SIZE -> {
            int digit = Character.digit(c, 16);
            if (digit >= 0) {
                size = size * 16 + digit;
                if (++digits > 16 || size > MAX_CHUNK) {
                    throw new IOException("upstream sent a chunk size over " + MAX_CHUNK + " bytes");
                }
            } else if (digits > 0 && (c == ';' || c == ' ' || c == '\t')) {
                state = State.EXTENSION;
            } else if (digits > 0 && c == '\r') {
                state = State.SIZE_LF;
            } else if (digits > 0 && c == '\n') {
                sizeLineEnded();
            } else {
                throw new IOException("upstream sent a malformed chunk size line");
            }
        }
        case EXTENSION -> {
            if (c == '\n') {
                sizeLineEnded();
            }
        }
        case SIZE_LF -> {
            if (c != '\n') {
                throw new IOException("upstream sent a chunk size line without LF after CR");
            }
            sizeLineEnded();
        }
        case DATA_CR -> {
            if (c == '\r') {
                state = State.DATA_LF;
            } else if (c == '\n') {
                state = State.SIZE;
            } else {
                throw new IOException("upstream sent more chunk data than the chunk size");
            }
        }
        case DATA_LF -> {
            if (c != '\n') {
                throw new IOException("upstream sent a chunk without CRLF after its data");
            }
            state = State.SIZE;
        }
        default -> throw new IllegalStateException("no framing in state " + state);
        }
    }

    private void sizeLineEnded() {
        left = size;
        size = 0;
        digits = 0;
        state = left == 0 ? State.DONE : State.DATA;
    }
}
