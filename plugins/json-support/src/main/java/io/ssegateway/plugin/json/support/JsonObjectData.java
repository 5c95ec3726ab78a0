package io.ssegateway.plugin.json.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * Reads event data as one JSON object and writes it back. Numbers keep their exact digits (decimals are read as
 * BigDecimal without stripping zeros) and anything after the object makes the data "not a JSON object".
 */
public final class JsonObjectData {
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** The data as a mutable JSON object, or empty when it is not exactly one JSON object. */
    public Optional<ObjectNode> parse(String data) {
        if (!startsLikeAnObject(data)) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(data);
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The object as compact JSON text. */
    public String write(ObjectNode object) {
        try {
            return mapper.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON object could not be written back", e);
        }
    }

    private static boolean startsLikeAnObject(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }
}
