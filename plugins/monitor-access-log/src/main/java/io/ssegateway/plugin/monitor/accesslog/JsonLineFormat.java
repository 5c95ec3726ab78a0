package io.ssegateway.plugin.monitor.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** One JSON object per line; an absent value is {@code null}, numbers are JSON numbers. */
final class JsonLineFormat implements LineFormat {
    private final JsonFactory json = JsonFactory.builder().build();

    @Override
    public String render(AccessLine line) {
        StringWriter out = new StringWriter(200);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            for (AccessLine.Field field : line.fields()) {
                generator.writeFieldName(field.name());
                if (field.value().isEmpty()) {
                    generator.writeNull();
                } else if (field.numeric()) {
                    generator.writeNumber(Long.parseLong(field.value()));
                } else {
                    generator.writeString(field.value());
                }
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
