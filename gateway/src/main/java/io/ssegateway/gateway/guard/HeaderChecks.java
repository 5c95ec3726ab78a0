package io.ssegateway.gateway.guard;

import io.helidon.http.Header;
import io.helidon.http.Headers;

import java.util.Optional;

/**
 * Finds request header values that carry CR, LF or NUL. HTTP/1.1 parsing already refuses most of them, but HTTP/2
 * (HPACK) can carry any byte in a value, and forwarding one would split or forge a header on the upstream request
 * (a {@code Last-Event-ID} with a line break, say).
 */
public final class HeaderChecks {
    private HeaderChecks() {
    }

    /** The name of the first header whose value contains CR, LF or NUL, if any. */
    public static Optional<String> withLineBreak(Headers headers) {
        for (Header header : headers) {
            for (String value : header.allValues()) {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c == '\r' || c == '\n' || c == 0) {
                        return Optional.of(header.name());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
