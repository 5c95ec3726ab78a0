package io.ssegateway.gateway.admin;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/** Writes compact JSON text, putting the commas in; a name must come before each value inside an object. */
final class JsonText {
    private final StringBuilder out = new StringBuilder(256);
    /** Per open object or array: whether it has no member yet. */
    private final Deque<Boolean> empty = new ArrayDeque<>();
    private boolean afterName;

    JsonText beginObject() {
        separate();
        out.append('{');
        empty.push(true);
        return this;
    }

    JsonText endObject() {
        empty.pop();
        out.append('}');
        return this;
    }

    JsonText beginArray() {
        separate();
        out.append('[');
        empty.push(true);
        return this;
    }

    JsonText endArray() {
        empty.pop();
        out.append(']');
        return this;
    }

    /** The name of the next member of the current object. */
    JsonText name(String name) {
        separate();
        quote(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonText value(String value) {
        separate();
        quote(value);
        return this;
    }

    JsonText value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /** A number rounded to two decimals; non-finite numbers as 0. */
    JsonText value(double value) {
        separate();
        out.append(Double.isFinite(value) ? Math.round(value * 100) / 100.0 : 0);
        return this;
    }

    JsonText value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    /** An object of name to count. */
    JsonText counts(Map<String, ? extends Number> counts) {
        beginObject();
        counts.forEach((key, count) -> name(key).value(count.longValue()));
        return endObject();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!empty.isEmpty()) {
            if (!empty.peek()) {
                out.append(',');
            }
            empty.pop();
            empty.push(false);
        }
    }

    private void quote(String s) {
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
                if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            }
        }
        out.append('"');
    }
}
