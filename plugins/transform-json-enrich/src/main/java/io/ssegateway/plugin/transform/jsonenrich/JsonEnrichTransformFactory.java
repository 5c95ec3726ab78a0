package io.ssegateway.plugin.transform.jsonenrich;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.EventTransformFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the {@code json-enrich} transform. Options: {@code add { name = "value" }} (fields set as JSON strings)
 * and {@code timestamp-field} (a field set to the current UTC time in ISO-8601); at least one is required.
 */
public final class JsonEnrichTransformFactory implements EventTransformFactory {
    /** The {@code type} a route names. */
    public static final String NAME = "json-enrich";

    private final Clock clock;

    /** A factory whose transforms stamp the system UTC time. */
    public JsonEnrichTransformFactory() {
        this(Clock.systemUTC());
    }

    JsonEnrichTransformFactory(Clock clock) {
        this.clock = clock;
    }

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
        Map<String, String> fields = fixedFields(config);
        Optional<String> timestampField = config.string("timestamp-field");
        if (timestampField.isPresent()) {
            String field = timestampField.get();
            if (field.isBlank()) {
                throw config.problem("timestamp-field", "must name a field", '"' + field + '"');
            }
            if (fields.containsKey(field)) {
                throw config.problem("timestamp-field", "is also a field of add; name another field", field);
            }
        }
        if (fields.isEmpty() && timestampField.isEmpty()) {
            throw config.problem("add", "json-enrich needs fields in add, a timestamp-field, or both", "nothing");
        }
        return new JsonEnrichTransform(fields, timestampField, clock);
    }

    private static Map<String, String> fixedFields(PluginConfig config) {
        Map<String, String> fields = new LinkedHashMap<>();
        Optional<PluginConfig> add = config.child("add");
        if (add.isPresent()) {
            PluginConfig node = add.get();
            for (String key : node.keys()) {
                String value = node.string(key).orElseThrow(
                        () -> node.problem(key, "must be a string, number or boolean", "an object or list"));
                fields.put(key, value);
            }
        }
        return fields;
    }
}
