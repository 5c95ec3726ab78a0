package io.ssegateway.plugin.example.redact;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.EventTransformFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the {@code redact} transform. Config keys: {@code fields} (required, a non-empty list of JSON field names
 * whose values are replaced wherever they occur in the data) and {@code replacement} (default {@code "***"}).
 */
public final class RedactTransformFactory implements EventTransformFactory {
    /** The {@code type} a route names. */
    public static final String NAME = "redact";
    /** What a redacted value becomes unless {@code replacement} says otherwise. */
    public static final String DEFAULT_REPLACEMENT = "***";

    /** The factory the ServiceLoader instantiates. */
    public RedactTransformFactory() {
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
        List<String> fields = config.stringList("fields");
        if (fields.isEmpty()) {
            throw config.problem("fields", "redact needs at least one field name", "nothing");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String field : fields) {
            if (field.isBlank()) {
                throw config.problem("fields", "a field name must not be blank", fields);
            }
            names.add(field);
        }
        String replacement = config.string("replacement").orElse(DEFAULT_REPLACEMENT);
        return new RedactTransform(names, replacement);
    }
}
