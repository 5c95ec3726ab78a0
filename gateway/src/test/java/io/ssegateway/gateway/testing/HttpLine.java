package io.ssegateway.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads one line of an HTTP/1.1 head or chunked framing, as the test clients do. */
public final class HttpLine {
    private HttpLine() {
    }

    /** The next line without its CR LF (a lone LF ends it too); fails when the stream ends first. */
    public static String read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed inside a line of the head or chunk framing");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
