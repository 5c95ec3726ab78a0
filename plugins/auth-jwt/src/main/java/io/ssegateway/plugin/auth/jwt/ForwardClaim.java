package io.ssegateway.plugin.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A claim sent upstream as a request header. The header is always removed from the client's request, so a client
 * cannot send it itself; it is set only when the token has the claim. Strings, numbers and booleans are sent as
 * text, an array of those joined with {@code ,}; objects are not sent.
 *
 * @param claim  the claim name
 * @param header the upstream header name
 */
record ForwardClaim(String claim, String header) {
    /** The header value for these claims; empty when the token lacks the claim; throws for control characters. */
    Optional<String> value(JsonNode claims) throws InvalidTokenException {
        JsonNode value = claims.get(claim);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text;
        if (value.isValueNode()) {
            text = value.asText();
        } else if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    return Optional.empty();
                }
                items.add(item.asText());
            }
            text = String.join(",", items);
        } else {
            return Optional.empty();
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidTokenException("token claim " + claim + " cannot be sent as a header");
        }
        return Optional.of(text);
    }
}
