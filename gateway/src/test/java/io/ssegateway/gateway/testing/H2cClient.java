package io.ssegateway.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A minimal HTTP/2 client over one cleartext connection with prior knowledge (RFC 9113 3.3), written for tests
 * because the JDK's client only reaches h2c by {@code Upgrade} (and curl 7.88 fails to multiplex prior-knowledge
 * streams). It opens GET streams and collects each stream's
 * DATA until END_STREAM; response header blocks are not decoded beyond seeing {@code :status 200} in its usual
 * indexed form.
 */
public final class H2cClient implements AutoCloseable {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int ACK = 0x1;
    private static final byte STATUS_200 = (byte) 0x88;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String authority;
    private int nextStreamId = 1;
    private final Map<Integer, ByteArrayOutputStream> bodies = new HashMap<>();
    private final Set<Integer> ok = new HashSet<>();
    private final Set<Integer> ended = new HashSet<>();
    private final Set<Integer> headed = new HashSet<>();

    /** Connects and sends the preface and an empty SETTINGS frame. */
    public H2cClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        authority = "127.0.0.1:" + port;
        out.write(PREFACE);
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    /** Opens a GET stream for the path with {@code Accept: text/event-stream}; returns its stream id. */
    public int get(String path) throws IOException {
        int id = open(path);
        bodies.put(id, new ByteArrayOutputStream());
        return id;
    }

    /** Opens a GET stream as {@link #get} but keeps nothing of it (for streams reset at once, by the thousand). */
    public int open(String path) throws IOException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x82); // :method GET, indexed
        block.write(0x86); // :scheme http, indexed
        literal(block, 4, path);                // :path
        literal(block, 1, authority);           // :authority
        literal(block, 19, "text/event-stream"); // accept
        int id = nextStreamId;
        nextStreamId += 2;
        frame(HEADERS, END_HEADERS | END_STREAM, id, block.toByteArray());
        return id;
    }

    /** Resets a stream the client opened (RST_STREAM, CANCEL), as a rapid-reset attack does right after HEADERS. */
    public void reset(int stream) throws IOException {
        frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8});
    }

    /**
     * Reads (and drops) frames until the server sends GOAWAY or ends the connection; returns the GOAWAY's error
     * code, or -1 when the connection ended without one. Fails if neither happens within the socket timeout.
     */
    public int awaitServerEnd() throws IOException {
        try {
            while (true) {
                int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                in.readUnsignedByte();
                in.readInt();
                byte[] payload = in.readNBytes(length);
                if (type == GOAWAY) {
                    return ((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16) | ((payload[6] & 0xff) << 8)
                            | (payload[7] & 0xff);
                }
            }
        } catch (java.io.EOFException | java.net.SocketException e) {
            return -1;
        }
    }

    /** Reads frames until every opened stream ended; fails on GOAWAY or a reset. */
    public void awaitAllEnded() throws IOException {
        while (ended.size() < bodies.size()) {
            readFrame();
        }
    }

    /** Reads frames until the response header block of {@code stream} arrived (or the stream ended). */
    public void awaitHeaders(int stream) throws IOException {
        while (!headed.contains(stream) && !ended.contains(stream)) {
            readFrame();
        }
    }

    /**
     * Until {@code deadline}, sends a PING (a frame of the client's that Helidon reads, as real clients send them)
     * and reads the next frame from the server, again and again; fails on GOAWAY, a reset or the socket's 10 s
     * read timeout. Returns how many DATA frames arrived meanwhile.
     */
    public int pingAndReadUntil(Instant deadline) throws IOException {
        int data = 0;
        while (Instant.now().isBefore(deadline)) {
            frame(PING, 0, 0, new byte[8]);
            if (readFrame() == DATA) {
                data++;
            }
        }
        return data;
    }

    /**
     * Reads frames until the server sends GOAWAY or closes the connection; returns {@code "GOAWAY"} or
     * {@code "closed"}. Fails with the socket's 10 s read timeout when neither comes.
     */
    public String awaitGoAwayOrClose() throws IOException {
        try {
            while (true) {
                readFrame();
            }
        } catch (AssertionError e) {
            if (e.getMessage().contains("GOAWAY")) {
                return "GOAWAY";
            }
            throw e;
        } catch (java.io.EOFException | java.net.SocketException e) {
            return "closed";
        }
    }

    private int readFrame() throws IOException {
        int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = in.readNBytes(length);
        switch (type) {
        case DATA -> bodies.get(stream).write(payload);
        case HEADERS -> {
            headed.add(stream);
            if (length > 0 && payload[0] == STATUS_200) {
                ok.add(stream);
            }
        }
        case SETTINGS -> {
            if ((flags & ACK) == 0) {
                frame(SETTINGS, ACK, 0, new byte[0]);
            }
        }
        case PING -> {
            if ((flags & ACK) == 0) {
                frame(PING, ACK, 0, payload);
            }
        }
        case RST_STREAM -> throw new AssertionError("stream " + stream + " was reset");
        case GOAWAY -> throw new AssertionError("the server sent GOAWAY");
        default -> { }
        }
        if ((type == DATA || type == HEADERS) && (flags & END_STREAM) != 0) {
            ended.add(stream);
        }
        return type;
    }

    /** The DATA received on a stream, as UTF-8. */
    public String body(int stream) {
        return bodies.get(stream).toString(StandardCharsets.UTF_8);
    }

    /** Whether the stream's response header block started with {@code :status 200}. */
    public boolean ok(int stream) {
        return ok.contains(stream);
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] header = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                         (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16),
                         (byte) (stream >>> 8), (byte) stream};
        out.write(header);
        out.write(payload);
        out.flush();
    }

    /** HPACK "literal header field without indexing" with an indexed name, no Huffman (values under 127 bytes). */
    private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
        if (nameIndex < 15) {
            block.write(nameIndex);
        } else {
            block.write(15);
            block.write(nameIndex - 15);
        }
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        block.write(v.length);
        block.writeBytes(v);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
