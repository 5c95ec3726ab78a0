package io.ssegateway.gateway.channel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259) for publish bodies, and the writer of event objects. Values read are
 * {@link String}, {@link Map} (members in order), {@link List}, {@link Boolean}, {@link Number} kept as its text
 * ({@link NumberText}) and {@link #NULL}. Nesting is bounded, so a hostile body cannot exhaust the stack.
 * {@link #quote} is the gateway's one JSON string writer (error answers and the admin API use it too).
 */
public final class Json {
    /** JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    private static final int MAX_DEPTH = 64;

    /** A number as written in the body (re-written unchanged). */
    public record NumberText(String text) {
    }

    /** The body is not one JSON value. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message, int at) {
            super(message + " at character " + (at + 1));
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /**
     * The one JSON value {@code text} holds (white space around it allowed).
     *
     * @throws MalformedException naming the first problem and where it is
     */
    public static Object parse(String text) throws MalformedException {
        Json json = new Json(text);
        json.space();
        Object value = json.value(0);
        json.space();
        if (json.pos != text.length()) {
            throw new MalformedException("unexpected text after the JSON value", json.pos);
        }
        return value;
    }

    /** A value as compact JSON text on one line (strings escaped, numbers as they were written). */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    /** The JSON object {@code {"id":...,"event":...,"data":...}} of one event (an empty type written as "message"). */
    public static String event(String id, String event, String data) {
        StringBuilder out = new StringBuilder(data.length() + 48).append("{\"id\":");
        quote(out, id).append(",\"event\":");
        quote(out, event.isEmpty() ? "message" : event).append(",\"data\":");
        return quote(out, data).append('}').toString();
    }

    /** Appends {@code s} as a JSON string. */
    public static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            }
        }
        return out.append('"');
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder out, Object value) {
        if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof NumberText n) {
            out.append(n.text());
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> member : ((Map<String, Object>) map).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(out, member.getKey()).append(':');
                write(out, member.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            out.append("null");
        }
    }

    private Object value(int depth) throws MalformedException {
        if (depth > MAX_DEPTH) {
            throw new MalformedException("nested deeper than " + MAX_DEPTH + " levels", pos);
        }
        if (pos >= text.length()) {
            throw new MalformedException("unexpected end of the body", pos);
        }
        char c = text.charAt(pos);
        return switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", NULL);
        default -> {
            if (c == '-' || (c >= '0' && c <= '9')) {
                yield number();
            }
            throw new MalformedException("unexpected character '" + printable(c) + "'", pos);
        }
        };
    }

    private Map<String, Object> object(int depth) throws MalformedException {
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        space();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw new MalformedException("expected a member name in double quotes", pos);
            }
            int at = pos;
            String name = string();
            space();
            expect(':');
            space();
            Object value = value(depth + 1);
            if (members.put(name, value) != null) {
                throw new MalformedException("duplicate member \"" + name + "\"", at);
            }
            space();
            char c = peek();
            pos++;
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                throw new MalformedException("expected , or }", pos - 1);
            }
        }
    }

    private List<Object> array(int depth) throws MalformedException {
        pos++;
        List<Object> elements = new ArrayList<>();
        space();
        if (peek() == ']') {
            pos++;
            return elements;
        }
        while (true) {
            space();
            elements.add(value(depth + 1));
            space();
            char c = peek();
            pos++;
            if (c == ']') {
                return elements;
            }
            if (c != ',') {
                throw new MalformedException("expected , or ]", pos - 1);
            }
        }
    }

    private String string() throws MalformedException {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new MalformedException("string not closed", start);
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new MalformedException("control character in a string (escape it)", pos - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new MalformedException("string not closed", start);
            }
            char e = text.charAt(pos++);
            switch (e) {
            case '"', '\\', '/' -> out.append(e);
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    throw new MalformedException("bad \\u escape", pos - 2);
                }
                try {
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                } catch (NumberFormatException ex) {
                    throw new MalformedException("bad \\u escape", pos - 2);
                }
                pos += 4;
            }
            default -> throw new MalformedException("bad escape \\" + printable(e), pos - 2);
            }
        }
    }

    private NumberText number() throws MalformedException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (digits() == 0) {
            throw new MalformedException("bad number", start);
        }
        if (peek() == '.') {
            pos++;
            if (digits() == 0) {
                throw new MalformedException("bad number", start);
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (digits() == 0) {
                throw new MalformedException("bad number", start);
            }
        }
        return new NumberText(text.substring(start, pos));
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    private Object literal(String word, Object value) throws MalformedException {
        if (!text.startsWith(word, pos)) {
            throw new MalformedException("unexpected text (expected " + word + ")", pos);
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) throws MalformedException {
        if (peek() != c) {
            throw new MalformedException("expected " + c, pos);
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void space() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static String printable(char c) {
        return c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
