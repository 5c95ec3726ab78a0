package io.ssegateway.gateway.guard;

/**
 * Text the gateway did not write itself (a client's header, path or body bytes, an upstream's error message) made
 * safe for one log line or an error body: control characters (C0, DEL, C1, the Unicode line and paragraph
 * separators) and the backslash escaped as {@code \\uXXXX} and {@code \\\\}, and the length bounded, so such text can
 * neither forge a log line nor fill one.
 */
public final class ClientText {
    /** The most characters of foreign text kept; the rest is counted, not shown. */
    public static final int MAX_LENGTH = 200;

    private ClientText() {
    }

    /** {@code text} escaped and cut to {@link #MAX_LENGTH} characters ({@code ""} for null). */
    public static String escaped(String text) {
        if (text == null) {
            return "";
        }
        int shown = Math.min(text.length(), MAX_LENGTH);
        if (shown < text.length() && Character.isHighSurrogate(text.charAt(shown - 1))) {
            shown--;
        }
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (isControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (shown < text.length()) {
            out.append("...(").append(text.length() - shown).append(" more characters)");
        }
        return out.toString();
    }

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
