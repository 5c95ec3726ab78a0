package io.ssegateway.plugin.transform.jsonenrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssegateway.plugin.json.support.JsonObjectData;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets fixed string fields (replacing a field of the same name) and optionally a timestamp field on events whose
 * data is a JSON object. Any other event, or one that already carries every field, passes as the same instance.
 */
final class JsonEnrichTransform implements EventTransform {
    private final JsonObjectData json = new JsonObjectData();
    private final Map<String, String> fields;
    private final Optional<String> timestampField;
    private final Clock clock;

    JsonEnrichTransform(Map<String, String> fields, Optional<String> timestampField, Clock clock) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.timestampField = timestampField;
        this.clock = clock;
    }

    @Override
    public List<SseEvent> apply(SseEvent event, StreamInfo stream) {
        Optional<ObjectNode> parsed = json.parse(event.data());
        if (parsed.isEmpty()) {
            return List.of(event);
        }
        ObjectNode object = parsed.get();
        boolean changed = false;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            JsonNode old = object.get(field.getKey());
            if (old == null || !old.isTextual() || !old.textValue().equals(field.getValue())) {
                object.put(field.getKey(), field.getValue());
                changed = true;
            }
        }
        if (timestampField.isPresent()) {
            object.put(timestampField.get(), clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
            changed = true;
        }
        return changed ? List.of(event.withData(json.write(object))) : List.of(event);
    }
}
