package io.ssegateway.plugin.transform.renameevent;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.EventTransformFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the {@code rename-event} transform: either {@code from = "a"} with {@code to = "b"}, or
 * {@code map { a = b, c = d }}. Type names must be non-empty and free of CR and LF.
 */
public final class RenameEventTransformFactory implements EventTransformFactory {
    /** The {@code type} a route names. */
    public static final String NAME = "rename-event";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int spiVersion() {
        return Spi.MAJOR;
    }

    @Override
    public int spiMinorVersion() {
        return Spi.MINOR;
    }

    @Override
    public EventTransform create(PluginConfig config) {
        Optional<PluginConfig> map = config.child("map");
        boolean pair = config.has("from") || config.has("to");
        if (map.isPresent() && pair) {
            throw config.problem("map", "use from/to or map, not both", "both");
        }
        Map<String, String> renames = map.isPresent() ? fromMap(config, map.get()) : fromPair(config);
        return new RenameEventTransform(renames);
    }

    private static Map<String, String> fromPair(PluginConfig config) {
        if (!config.has("from") && !config.has("to")) {
            throw config.problem("from", "rename-event needs from and to, or a map", "nothing");
        }
        String from = config.string("from").orElseThrow(() -> config.problem("from", "required with to", "nothing"));
        String to = config.string("to").orElseThrow(() -> config.problem("to", "required with from", "nothing"));
        checkType(config, "from", from);
        checkType(config, "to", to);
        return Map.of(from, to);
    }

    private static Map<String, String> fromMap(PluginConfig config, PluginConfig map) {
        Map<String, String> renames = new LinkedHashMap<>();
        for (String from : map.keys()) {
            String to = map.string(from)
                    .orElseThrow(() -> map.problem(from, "must be the new event type, a string", "not a string"));
            checkType(map, from, from);
            checkType(map, from, to);
            renames.put(from, to);
        }
        if (renames.isEmpty()) {
            throw config.problem("map", "must rename at least one event type", "{}");
        }
        return renames;
    }

    private static void checkType(PluginConfig config, String key, String type) {
        if (type.isEmpty()) {
            throw config.problem(key, "an event type must not be empty (use \"message\" for the default type)",
                    "\"\"");
        }
        if (type.indexOf('\r') >= 0 || type.indexOf('\n') >= 0) {
            throw config.problem(key, "an event type must not contain CR or LF", type.replace("\r", "\\r")
                    .replace("\n", "\\n"));
        }
    }
}
