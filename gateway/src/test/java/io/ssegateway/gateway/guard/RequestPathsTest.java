package io.ssegateway.gateway.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestPathsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"/events, /events", "/events/, /events/", "/, /", "/events/a%20b, /events/a b",
                "/%65vents/x, /events/x", "/events/caf%C3%A9, /events/café", "/events/a.b/..c, /events/a.b/..c",
                "'/events/a;b=1', '/events/a;b=1'"})
    void anUnambiguousPathIsDecodedOnce(String raw, String decoded) {
        assertEquals(Optional.of(decoded), RequestPaths.decode(raw));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/events/../admin", "/events/./x", "/events/%2e%2e/admin", "/events/%2E%2E/admin",
                            "/events/.%2e/admin", "/events/%2e/x", "/events/%252e%252e/admin", "/events%2F..%2Fadmin",
                            "/events/%2fadmin", "/events//admin", "//admin", "/events/..%5Cadmin", "/events/a\\b",
                            "/events/%00", "/events/%0d%0a", "/events/%zz", "/events/%e", "/events/%C3", "/events/é",
                            "events", "/.."})
    void anAmbiguousOrMalformedPathIsRefused(String raw) {
        assertEquals(Optional.empty(), RequestPaths.decode(raw));
    }

    @Test
    void stripPrefixRemovesWholeRawSegments() {
        assertEquals("/x/%2e", RequestPaths.stripSegments("/%65vents/x/%2e", RequestPaths.segments("/events")));
        assertEquals("/", RequestPaths.stripSegments("/a/b", RequestPaths.segments("/a/b")));
        assertEquals("/", RequestPaths.stripSegments("/a/b/", RequestPaths.segments("/a/b")));
        assertEquals("/c", RequestPaths.stripSegments("/a/b/c", RequestPaths.segments("/a/b")));
    }
}
