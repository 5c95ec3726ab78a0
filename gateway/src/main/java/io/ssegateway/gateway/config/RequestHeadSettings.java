package io.ssegateway.gateway.config;

import java.time.Duration;

/**
 * Limits on a client's request line and headers, before any route sees the request.
 *
 * @param maxRequestLine the longest request line (method, target, version), in bytes
 * @param maxHeadersSize the most header bytes of one request (HTTP/1.1), or header list size (HTTP/2)
 * @param timeout        how long a client may take from the first byte of a request to the end of its headers
 */
public record RequestHeadSettings(int maxRequestLine, int maxHeadersSize, Duration timeout) {
    /** 8 KiB request line, 16 KiB of headers, 10 s. */
    public static final RequestHeadSettings DEFAULT = new RequestHeadSettings(8192, 16384, Duration.ofSeconds(10));
}
