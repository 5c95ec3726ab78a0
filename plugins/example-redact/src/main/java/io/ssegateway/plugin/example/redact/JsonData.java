package io.ssegateway.plugin.example.redact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Optional;

/**
 * Reads event data as one JSON object or array and writes it back compact. Numbers keep their exact digits, and
 * anything after the value makes the data "not JSON".
 */
final class JsonData {
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** The data as a mutable JSON object or array, or empty when it is neither. */
    Optional<JsonNode> parse(String data) {
        if (!startsLikeObjectOrArray(data)) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(data);
            return node != null && node.isContainerNode() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The value as compact JSON text. */
    String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parsed JSON could not be written back", e);
        }
    }

    private static boolean startsLikeObjectOrArray(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }
}
