package io.ssegateway.plugin.auth.jwt;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads a JWK Set ({@code {"keys": [...]}}) or a single JWK: {@code RSA}, {@code EC} (P-256, P-384, P-521) and
 * {@code oct} keys. Keys with {@code use} other than {@code sig}, with an {@code alg} this plugin does not verify or
 * of another {@code kty} are skipped; a key with an {@code alg} verifies only that algorithm.
 */
final class JwksKeys {
    private static final System.Logger LOG = System.getLogger(JwksKeys.class.getName());

    private JwksKeys() {
    }

    /** The usable keys of the JSON text; throws when it is malformed, a key is broken or none is usable. */
    static List<VerificationKey> read(String json) throws BadKeyException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new BadKeyException("not valid JSON (line " + e.getLocation().getLineNr() + ")");
        }
        List<JsonNode> jwks = new ArrayList<>();
        if (root != null && root.isObject() && root.has("kty")) {
            jwks.add(root);
        } else if (root != null && root.path("keys").isArray()) {
            root.get("keys").forEach(jwks::add);
        } else {
            throw new BadKeyException("expected a JWK Set {\"keys\": [...]} or a single JWK");
        }
        List<VerificationKey> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < jwks.size(); i++) {
            String origin = "key " + (i + 1);
            JsonNode jwk = jwks.get(i);
            Optional<String> skip = skipReason(jwk);
            if (skip.isPresent()) {
                skipped.add(origin + " (" + skip.get() + ")");
            } else {
                keys.add(key(jwk, origin));
            }
        }
        if (keys.isEmpty()) {
            throw new BadKeyException("no usable signing key" + (skipped.isEmpty() ? "" : "; skipped "
                                                                  + String.join(", ", skipped)));
        }
        if (!skipped.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "JWKS: skipped {0}", String.join(", ", skipped));
        }
        return keys;
    }

    private static Optional<String> skipReason(JsonNode jwk) {
        String kty = jwk.path("kty").asText();
        if (!List.of("RSA", "EC", "oct").contains(kty)) {
            return Optional.of("kty " + (kty.isEmpty() ? "missing" : kty) + " not supported");
        }
        if (jwk.has("use") && !"sig".equals(jwk.get("use").asText())) {
            return Optional.of("use " + jwk.get("use").asText());
        }
        if (jwk.has("alg") && JwtAlgorithm.byName(jwk.get("alg").asText()).isEmpty()) {
            return Optional.of("alg " + jwk.get("alg").asText() + " not supported");
        }
        return Optional.empty();
    }

    private static VerificationKey key(JsonNode jwk, String origin) throws BadKeyException {
        Optional<String> kid = Optional.ofNullable(jwk.get("kid")).filter(JsonNode::isTextual).map(JsonNode::asText);
        String where = origin + kid.map(k -> " (kid " + k + ")").orElse("");
        Optional<JwtAlgorithm> alg = Optional.ofNullable(jwk.get("alg")).flatMap(a -> JwtAlgorithm.byName(a.asText()));
        try {
            return switch (jwk.get("kty").asText()) {
                case "oct" -> VerificationKey.hmac(bytes(jwk, "k", where), kid, alg, where);
                case "RSA" -> VerificationKey.publicKey(rsa(jwk, where), kid, alg, where);
                default -> VerificationKey.publicKey(ec(jwk, where), kid, alg, where);
            };
        } catch (GeneralSecurityException e) {
            throw new BadKeyException(where + ": not a valid key (" + e.getMessage() + ")");
        }
    }

    private static PublicKey rsa(JsonNode jwk, String where) throws BadKeyException, GeneralSecurityException {
        RSAPublicKeySpec spec = new RSAPublicKeySpec(number(jwk, "n", where), number(jwk, "e", where));
        return KeyFactory.getInstance("RSA").generatePublic(spec);
    }

    private static PublicKey ec(JsonNode jwk, String where) throws BadKeyException, GeneralSecurityException {
        String crv = jwk.path("crv").asText();
        String curve = Curves.fromJwkName(crv).orElseThrow(() -> new BadKeyException(
                where + ": crv must be P-256, P-384 or P-521 (got " + (crv.isEmpty() ? "nothing" : crv) + ")"));
        ECPoint point = new ECPoint(number(jwk, "x", where), number(jwk, "y", where));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, Curves.spec(curve)));
    }

    private static BigInteger number(JsonNode jwk, String member, String where) throws BadKeyException {
        return new BigInteger(1, bytes(jwk, member, where));
    }

    private static byte[] bytes(JsonNode jwk, String member, String where) throws BadKeyException {
        JsonNode value = jwk.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new BadKeyException(where + ": missing member " + member);
        }
        try {
            return Base64.getUrlDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw new BadKeyException(where + ": member " + member + " is not base64url");
        }
    }
}
