package io.ssegateway.plugin.monitor.accesslog;

import java.util.ArrayList;
import java.util.List;

/** The fields of one access-log line, in order; text values are cut to {@value #MAX_TEXT} characters. */
final class AccessLine {
    /** The longest text value written; longer ones end in {@code ...}. */
    static final int MAX_TEXT = 512;

    private final List<Field> fields = new ArrayList<>();

    private AccessLine() {
    }

    /** A line for {@code event} ({@code open}, {@code close}, {@code rejected}). */
    static AccessLine of(String event) {
        return new AccessLine().text("event", event);
    }

    /** Adds a text field; null and empty mean "absent". */
    AccessLine text(String name, String value) {
        String text = value == null ? "" : value;
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT - 3) + "...";
        }
        fields.add(new Field(name, text, false));
        return this;
    }

    /** Adds a number field. */
    AccessLine number(String name, long value) {
        fields.add(new Field(name, Long.toString(value), true));
        return this;
    }

    /** The fields in the order they were added. */
    List<Field> fields() {
        return List.copyOf(fields);
    }

    /**
     * One field.
     *
     * @param name    the key
     * @param value   the value as text; empty when absent
     * @param numeric whether the value is a number
     */
    record Field(String name, String value, boolean numeric) {
    }
}
