package io.ssegateway.gateway.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one source of {@link io.ssegateway.spi.StreamInfo#streamId()}: client streams and shared upstream streams
 * both take their ids here, so a plugin that keys state by stream id never sees two streams with one id.
 */
public final class StreamIds {
    private static final AtomicLong LAST = new AtomicLong();

    private StreamIds() {
    }

    /** A gateway-unique id, larger than every id handed out before it. */
    public static long next() {
        return LAST.incrementAndGet();
    }
}
