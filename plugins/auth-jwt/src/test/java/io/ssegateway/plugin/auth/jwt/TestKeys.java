package io.ssegateway.plugin.auth.jwt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Key pairs generated once per test run, and writers for the PEM and JWKS files the plugin reads. */
final class TestKeys {
    static final KeyPair RSA = rsa(2048);
    static final KeyPair OTHER_RSA = rsa(2048);
    static final KeyPair EC256 = ec("secp256r1");
    static final KeyPair EC384 = ec("secp384r1");
    static final KeyPair EC521 = ec("secp521r1");
    /** A 64-byte HMAC secret, long enough for HS512. */
    static final String SECRET = "s3cret-0123456789abcdef0123456789abcdef0123456789abcdef012345678";
    static final byte[] SECRET_BYTES = SECRET.getBytes(StandardCharsets.UTF_8);

    private TestKeys() {
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM {@code PUBLIC KEY} block. */
    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
               + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
               + "\n-----END PUBLIC KEY-----\n";
    }

    /** A public JWK of an RSA or EC key with a key id and extra members. */
    static Map<String, Object> jwk(PublicKey key, String kid, Object... extra) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("n", unsigned(rsa.getModulus()));
            jwk.put("e", unsigned(rsa.getPublicExponent()));
        } else {
            ECPublicKey ec = (ECPublicKey) key;
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            jwk.put("kty", "EC");
            jwk.put("crv", "P-" + bits);
            jwk.put("x", unsigned(ec.getW().getAffineX()));
            jwk.put("y", unsigned(ec.getW().getAffineY()));
        }
        if (kid != null) {
            jwk.put("kid", kid);
        }
        for (int i = 0; i < extra.length; i += 2) {
            jwk.put((String) extra[i], extra[i + 1]);
        }
        return jwk;
    }

    /** A public JWK as JSON text, without key id. */
    static String jwkJson(PublicKey key, Object... extra) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(jwk(key, null, extra));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a file into a folder and returns its name. */
    static String write(Path folder, String name, String content) {
        try {
            Files.writeString(folder.resolve(name), content);
            return name;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Jws.b64(bytes);
    }
}
