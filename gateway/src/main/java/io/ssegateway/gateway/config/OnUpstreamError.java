package io.ssegateway.gateway.config;

/** How a route answers an EventSource client when no upstream answers. */
public enum OnUpstreamError {
    /** {@code 200 text/event-stream} with {@code retry:} and a comment naming the error, then close. */
    RETRY,
    /** Plain 502/504 with a JSON body. */
    STATUS
}
