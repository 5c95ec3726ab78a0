package io.ssegateway.gateway.upstream;

import io.helidon.common.buffers.DataReader;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An upstream body with neither a length nor chunking, which the upstream ends by closing the connection. WebClient's
 * entity stream reports that close as {@link DataReader.InsufficientDataAvailableException}; here it is the body's
 * end ({@code -1}), as for a framed body, while a reset or another read error still fails the read. Whether such an
 * end was clean (between events) or a cut (inside one) only the relay loop can tell.
 */
final class CloseDelimitedBody extends FilterInputStream {
    private boolean ended;

    CloseDelimitedBody(InputStream entity) {
        super(entity);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        try {
            int n = super.read(b, off, len);
            ended = n < 0;
            return n;
        } catch (DataReader.InsufficientDataAvailableException closed) {
            ended = true;
            return -1;
        }
    }

    @Override
    public int available() throws IOException {
        if (ended) {
            return 0;
        }
        try {
            return super.available();
        } catch (DataReader.InsufficientDataAvailableException closed) {
            return 0;
        }
    }
}
