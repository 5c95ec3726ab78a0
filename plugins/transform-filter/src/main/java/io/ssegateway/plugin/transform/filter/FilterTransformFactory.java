package io.ssegateway.plugin.transform.filter;

import com.fasterxml.jackson.core.JsonPointer;
import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.EventTransformFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Makes the {@code filter} transform. By type: {@code keep-types = [...]} or {@code drop-types = [...]}. By a JSON
 * field: {@code field} (a top-level name, or a JSON Pointer starting with {@code /}), {@code values = [...]},
 * {@code mode = keep|drop} (default keep) and {@code non-json = keep|drop} (default keep). Both kinds may be
 * combined; an event must pass each.
 */
public final class FilterTransformFactory implements EventTransformFactory {
    /** The {@code type} a route names. */
    public static final String NAME = "filter";

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
        List<EventTest> tests = new ArrayList<>();
        typeTest(config).ifPresent(tests::add);
        fieldTest(config).ifPresent(tests::add);
        if (tests.isEmpty()) {
            throw config.problem("keep-types", "filter needs keep-types, drop-types or field", "nothing");
        }
        return new FilterTransform(tests);
    }

    private static Optional<EventTest> typeTest(PluginConfig config) {
        boolean keep = config.has("keep-types");
        boolean drop = config.has("drop-types");
        if (keep && drop) {
            throw config.problem("drop-types", "use keep-types or drop-types, not both",
                    config.stringList("drop-types"));
        }
        if (!keep && !drop) {
            return Optional.empty();
        }
        String key = keep ? "keep-types" : "drop-types";
        List<String> types = config.stringList(key);
        if (types.isEmpty()) {
            throw config.problem(key, "must list at least one event type", "[]");
        }
        return Optional.of(new TypeTest(new LinkedHashSet<>(types), keep ? Action.KEEP : Action.DROP));
    }

    private static Optional<EventTest> fieldTest(PluginConfig config) {
        Optional<String> field = config.string("field");
        if (field.isEmpty()) {
            for (String key : List.of("values", "mode", "non-json")) {
                if (config.has(key)) {
                    throw config.problem(key, "only used with field", "no field");
                }
            }
            return Optional.empty();
        }
        List<String> values = config.stringList("values");
        if (values.isEmpty()) {
            throw config.problem("values", "must list at least one value of " + field.get(), "nothing");
        }
        return Optional.of(new FieldTest(pointer(config, field.get()), new LinkedHashSet<>(values),
                Action.read(config, "mode", Action.KEEP), Action.read(config, "non-json", Action.KEEP)));
    }

    private static JsonPointer pointer(PluginConfig config, String field) {
        if (field.isEmpty()) {
            throw config.problem("field", "must name a field", "\"\"");
        }
        return field.startsWith("/")
                ? JsonPointer.compile(field)
                : JsonPointer.compile("/" + field.replace("~", "~0").replace("/", "~1"));
    }
}
