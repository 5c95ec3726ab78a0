package io.ssegateway.plugin.example.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces the value of every field with a chosen name, at any depth of JSON data, with a fixed string. Data that
 * is not JSON, or holds no such field (or only already-redacted ones), passes as the same instance.
 */
final class RedactTransform implements EventTransform {
    private final JsonData json = new JsonData();
    private final Set<String> fields;
    private final String replacement;

    RedactTransform(Set<String> fields, String replacement) {
        this.fields = Set.copyOf(fields);
        this.replacement = replacement;
    }

    @Override
    public List<SseEvent> apply(SseEvent event, StreamInfo stream) {
        Optional<JsonNode> parsed = json.parse(event.data());
        if (parsed.isEmpty() || !redact(parsed.get())) {
            return List.of(event);
        }
        return List.of(event.withData(json.write(parsed.get())));
    }

    /** Redacts {@code node} in place; true when something changed. */
    private boolean redact(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (fields.contains(field.getKey())) {
                    if (!value.isTextual() || !value.textValue().equals(replacement)) {
                        field.setValue(object.textNode(replacement));
                        changed = true;
                    }
                } else {
                    changed |= redact(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                changed |= redact(element);
            }
        }
        return changed;
    }
}
