package io.ssegateway.gateway.sse;

import java.io.IOException;

/** An upstream event block (or a line that never ends) grew past the route's {@code max-event-size}. */
public final class EventTooLargeException extends IOException {
    private final long limit;

    /** Creates the exception for the given limit in bytes. */
    public EventTooLargeException(long limit) {
        super("upstream event exceeds max-event-size of " + limit
                      + " bytes (an event block, or a line without a line end, grew past it);"
                      + " raise max-event-size on the route if such events are expected");
        this.limit = limit;
    }

    /** The limit in bytes that was exceeded. */
    public long limit() {
        return limit;
    }
}
