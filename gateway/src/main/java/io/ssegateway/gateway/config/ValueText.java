package io.ssegateway.gateway.config;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.helidon.config.Config;

/**
 * Renders a config value for the {@code (got: ...)} part of a message: compact, cut when long, and with values under
 * keys that look like credentials (secret, password, token, ...) replaced by {@code ***}.
 */
final class ValueText {
    /** What a missing value renders as. */
    static final String NOTHING = "nothing";
    private static final String HIDDEN = "***";
    private static final int MAX_LENGTH = 120;
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(secret|password|passwd|token|credential|private|api[-_]?key|authorization).*");

    private ValueText() {
    }

    /** The text for a node, hidden when its own key looks like a credential. */
    static String of(Config node) {
        return cut(render(node, node.name()));
    }

    /** The text for a plain value read under a key. */
    static String of(String key, String value) {
        return cut(isSecret(key) ? HIDDEN : quoteEmpty(value));
    }

    /** Whether a key name looks like it holds a credential. */
    static boolean isSecret(String key) {
        return SECRET.matcher(key).matches();
    }

    private static String render(Config node, String name) {
        if (!node.exists()) {
            return NOTHING;
        }
        if (isSecret(name)) {
            return HIDDEN;
        }
        return switch (node.type()) {
            case VALUE -> quoteEmpty(node.asString().orElse(""));
            case OBJECT -> node.asNodeList().orElseGet(List::of).stream()
                    .sorted(Comparator.comparing(Config::name))
                    .map(child -> child.name() + "=" + render(child, child.name()))
                    .collect(Collectors.joining(", ", "{", "}"));
            case LIST -> node.asNodeList().orElseGet(List::of).stream()
                    .map(element -> render(element, name))
                    .collect(Collectors.joining(", ", "[", "]"));
            default -> NOTHING;
        };
    }

    private static String quoteEmpty(String value) {
        return value.isEmpty() ? "\"\"" : value;
    }

    private static String cut(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
    }
}
