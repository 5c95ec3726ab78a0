package io.ssegateway.plugin.auth.jwt;

import java.util.Arrays;
import java.util.Optional;

/**
 * The JWS algorithms the plugin verifies. There is no {@code none}. Each algorithm belongs to one key family, and
 * a key only verifies algorithms of its own family (an HMAC secret never verifies an RS or ES token).
 */
enum JwtAlgorithm {
    HS256(Family.HMAC, "HmacSHA256", 32, null),
    HS384(Family.HMAC, "HmacSHA384", 48, null),
    HS512(Family.HMAC, "HmacSHA512", 64, null),
    RS256(Family.RSA, "SHA256withRSA", 0, null),
    RS384(Family.RSA, "SHA384withRSA", 0, null),
    RS512(Family.RSA, "SHA512withRSA", 0, null),
    ES256(Family.EC, "SHA256withECDSAinP1363Format", 64, "secp256r1"),
    ES384(Family.EC, "SHA384withECDSAinP1363Format", 96, "secp384r1"),
    ES512(Family.EC, "SHA512withECDSAinP1363Format", 132, "secp521r1");

    /** The kind of key an algorithm needs. */
    enum Family { HMAC, RSA, EC }

    private final Family family;
    private final String jdkName;
    private final int size;
    private final String curve;

    JwtAlgorithm(Family family, String jdkName, int size, String curve) {
        this.family = family;
        this.jdkName = jdkName;
        this.size = size;
        this.curve = curve;
    }

    /** The algorithm with this JOSE name, case-sensitive as in the spec; empty for {@code none} and unknown names. */
    static Optional<JwtAlgorithm> byName(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
    }

    /** The key family. */
    Family family() {
        return family;
    }

    /** The JDK {@code Mac} or {@code Signature} algorithm; ECDSA uses the JOSE R||S (IEEE P1363) form directly. */
    String jdkName() {
        return jdkName;
    }

    /** HMAC: the least secret length in bytes (the hash size, RFC 7518 3.2); EC: the signature length (R||S). */
    int size() {
        return size;
    }

    /** The standard name of the curve an ES algorithm uses; null for other families. */
    String curve() {
        return curve;
    }
}
