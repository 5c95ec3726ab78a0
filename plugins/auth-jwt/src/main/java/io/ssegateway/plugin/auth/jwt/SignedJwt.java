package io.ssegateway.plugin.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JWT in JWS compact form, parsed but not yet verified.
 *
 * @param algorithm    the header's {@code alg}
 * @param kid          the header's {@code kid}, if any
 * @param claims       the payload, a JSON object
 * @param signingInput the ASCII bytes of {@code header.payload}, what the signature covers
 * @param signature    the signature bytes
 */
record SignedJwt(String algorithm, Optional<String> kid, JsonNode claims, byte[] signingInput, byte[] signature) {
    /** Tokens longer than this are refused before any decoding. */
    static final int MAX_LENGTH = 16 * 1024;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

    /**
     * Parses a token; throws when it is not three base64url parts, when the header or payload is not a JSON object,
     * when {@code alg} is missing or when the header has {@code crit} (no extension is understood). Header
     * parameters that point to keys ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) are ignored: keys come
     * from the config only.
     */
    static SignedJwt parse(String token) throws InvalidTokenException {
        if (token.length() > MAX_LENGTH) {
            throw new InvalidTokenException("malformed token: longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidTokenException("malformed token: expected header.payload.signature");
        }
        JsonNode header = object(parts[0], "header");
        JsonNode claims = object(parts[1], "payload");
        byte[] signature = decode(parts[2], "signature");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            throw new InvalidTokenException("malformed token: the header has no alg");
        }
        if (header.has("crit")) {
            throw new InvalidTokenException("token has critical header parameters this gateway does not know");
        }
        Optional<String> kid = Optional.ofNullable(header.get("kid")).filter(JsonNode::isTextual)
                .map(JsonNode::asText);
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new SignedJwt(alg.asText(), kid, claims, signingInput, signature);
    }

    private static JsonNode object(String part, String name) throws InvalidTokenException {
        byte[] json = decode(part, name);
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // malformed JSON (reading a byte array does no I/O): reported below
        }
        throw new InvalidTokenException("malformed token: the " + name + " is not a JSON object");
    }

    private static byte[] decode(String part, String name) throws InvalidTokenException {
        if (!BASE64URL.matcher(part).matches()) {
            throw new InvalidTokenException("malformed token: the " + name + " is not base64url");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed token: the " + name + " is not base64url");
        }
    }
}
