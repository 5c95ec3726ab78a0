package io.ssegateway.gateway.config;

import java.util.Map;

/**
 * The line each HOCON path starts on in the main config file (noted by {@link HoconSource} as it reads the tree), so
 * problems can be listed in file order. Paths with no line of their own (defaults, values from included files) take
 * the line of their nearest ancestor that has one, and sort last when none has.
 */
final class SourceLines {
    private final Map<String, Integer> lines;

    SourceLines(Map<String, Integer> lines) {
        this.lines = Map.copyOf(lines);
    }

    /** The line for a path, or {@link Integer#MAX_VALUE} when neither it nor an ancestor has one. */
    int lineOf(String path) {
        String current = path;
        while (!current.isEmpty()) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            current = HoconPath.parent(current);
        }
        return Integer.MAX_VALUE;
    }
}
