package io.ssegateway.gateway.admin;

import io.ssegateway.gateway.channel.Json;

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
        Json.quote(out, name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonText value(String value) {
        separate();
        Json.quote(out, value);
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

}
