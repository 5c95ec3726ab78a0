package io.ssegateway.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads HTTP/1.1 chunked bodies in tests. */
public final class Chunked {
    private final InputStream in;
    private int remaining;
    private boolean ended;

    /** A reader over a stream positioned at the start of a chunked body. */
    public Chunked(InputStream in) {
        this.in = in;
    }

    /** Reads a whole chunked body. */
    public static byte[] readAll(InputStream in) throws IOException {
        Chunked c = new Chunked(in);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int b;
        while ((b = c.read()) >= 0) {
            all.write(b);
        }
        return all.toByteArray();
    }

    /** The next body byte, or -1 at the end of the body. */
    public int read() throws IOException {
        if (ended) {
            return -1;
        }
        if (remaining == 0) {
            String size = HttpLine.read(in);
            int semi = size.indexOf(';');
            remaining = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (remaining == 0) {
                ended = true;
                while (!HttpLine.read(in).isEmpty()) {
                    // trailers
                }
                return -1;
            }
        }
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection closed inside a chunk");
        }
        if (--remaining == 0) {
            HttpLine.read(in);
        }
        return b;
    }
}
