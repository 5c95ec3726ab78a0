package io.ssegateway.gateway.sse;

import org.junit.jupiter.api.Named;

/** Test arguments whose text shows its line ends and NULs in the test name. */
final class Shown {
    private Shown() {
    }

    /** The text, named with CR, LF and NUL written as escapes. */
    static Named<String> text(String text) {
        String shown = text.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
        return Named.of(shown.isEmpty() ? "(empty)" : shown, text);
    }
}
