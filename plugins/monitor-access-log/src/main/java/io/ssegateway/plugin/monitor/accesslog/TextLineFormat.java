package io.ssegateway.plugin.monitor.accesslog;

/**
 * {@code key=value} pairs separated by spaces. An absent value is {@code -}; a value with spaces, quotes,
 * {@code =}, backslashes or control characters is double-quoted with those escaped, so a line stays one line.
 */
final class TextLineFormat implements LineFormat {

    @Override
    public String render(AccessLine line) {
        StringBuilder out = new StringBuilder(160);
        for (AccessLine.Field field : line.fields()) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(field.name()).append('=');
            appendValue(out, field.value());
        }
        return out.toString();
    }

    private static void appendValue(StringBuilder out, String value) {
        if (value.isEmpty()) {
            out.append('-');
        } else if (needsQuotes(value)) {
            appendQuoted(out, value);
        } else {
            out.append(value);
        }
    }

    private static boolean needsQuotes(String value) {
        if (value.equals("-")) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '"' || c == '=' || c == '\\' || isControl(c)) {
                return true;
            }
        }
        return false;
    }

    private static void appendQuoted(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
