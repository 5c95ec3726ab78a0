package io.ssegateway.plugin.transform.filter;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssegateway.plugin.json.support.JsonObjectData;
import io.ssegateway.spi.transform.SseEvent;

import java.util.Optional;
import java.util.Set;

/**
 * Keeps only, or drops, events whose JSON data has a field with one of the listed values. Strings, numbers and
 * booleans match by their text ({@code 1}, {@code true}); a missing field, null, object or array matches nothing.
 * Data that is not a JSON object gets the {@code non-json} action.
 */
final class FieldTest implements EventTest {
    private final JsonObjectData json = new JsonObjectData();
    private final JsonPointer field;
    private final Set<String> values;
    private final Action onMatch;
    private final Action onNonJson;

    /** A test of {@code field} (a JSON Pointer) against {@code values}. */
    FieldTest(JsonPointer field, Set<String> values, Action onMatch, Action onNonJson) {
        this.field = field;
        this.values = Set.copyOf(values);
        this.onMatch = onMatch;
        this.onNonJson = onNonJson;
    }

    @Override
    public boolean passes(SseEvent event) {
        Optional<ObjectNode> object = json.parse(event.data());
        if (object.isEmpty()) {
            return onNonJson == Action.KEEP;
        }
        JsonNode value = object.get().at(field);
        boolean matches = value.isValueNode() && !value.isNull() && values.contains(value.asText());
        return matches == (onMatch == Action.KEEP);
    }
}
