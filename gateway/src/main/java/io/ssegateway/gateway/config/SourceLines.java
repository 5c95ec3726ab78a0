package io.ssegateway.gateway.config;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;

/**
 * The line each HOCON path starts on in the main config file, so problems can be listed in file order. Paths with no
 * line of their own (defaults, values from included files) take the line of their nearest ancestor that has one, and
 * sort last when none has.
 */
final class SourceLines {
    private final Map<String, Integer> lines;

    private SourceLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** Records the lines of every value under the root whose origin is the main file. */
    static SourceLines of(ConfigObject root, Predicate<ConfigOrigin> inMainFile) {
        Map<String, Integer> lines = new HashMap<>();
        root.forEach((key, value) -> walk(value, key, inMainFile, lines));
        return new SourceLines(lines);
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

    private static void walk(ConfigValue value, String path, Predicate<ConfigOrigin> inMainFile,
                             Map<String, Integer> lines) {
        ConfigOrigin origin = value.origin();
        if (origin != null && origin.lineNumber() > 0 && inMainFile.test(origin)) {
            lines.put(path, origin.lineNumber());
        }
        if (value instanceof ConfigObject object) {
            object.forEach((key, child) -> walk(child, HoconPath.child(path, key), inMainFile, lines));
        } else if (value instanceof ConfigList list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), HoconPath.index(path, i), inMainFile, lines);
            }
        }
    }
}
