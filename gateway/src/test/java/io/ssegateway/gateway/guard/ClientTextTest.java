package io.ssegateway.gateway.guard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientTextTest {
    @Test
    void controlCharactersAndBackslashesAreEscaped() {
        assertEquals("5\\u000aSEVERE: forged\\u000d \\u0000 \\u007f \\u0085 \\u2028 \\\\u000a tab\\u0009",
                     ClientText.escaped("5\nSEVERE: forged\r \u0000 \u007f \u0085 \u2028 \\u000a tab\t"));
    }

    @Test
    void plainTextPassesUnchanged() {
        assertEquals("GET /events?x=1 h\u00e9llo \u2713", ClientText.escaped("GET /events?x=1 h\u00e9llo \u2713"));
        assertEquals("", ClientText.escaped(null));
    }

    @Test
    void lengthIsBoundedAndTheRestCounted() {
        String escaped = ClientText.escaped("a".repeat(ClientText.MAX_LENGTH + 50));
        assertEquals("a".repeat(ClientText.MAX_LENGTH) + "...(50 more characters)", escaped);
    }

    @Test
    void aSurrogatePairIsNotCutInHalf() {
        String text = "a".repeat(ClientText.MAX_LENGTH - 1) + "\uD83D\uDE00" + "b";
        String escaped = ClientText.escaped(text);
        assertTrue(escaped.startsWith("a".repeat(ClientText.MAX_LENGTH - 1) + "..."), escaped);
    }
}
