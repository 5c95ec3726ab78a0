package io.ssegateway.plugin.auth.jwt;

import java.util.List;

/**
 * The configured keys. A token is verified with the keys that may verify its algorithm and whose key id matches
 * the token's {@code kid}; keys without an id (a secret, PEM keys) match any {@code kid}; a token without
 * {@code kid} is tried against every key that fits its algorithm.
 */
final class KeyRing {
    private final List<VerificationKey> keys;

    /** A ring of these keys. */
    KeyRing(List<VerificationKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Throws unless one of the matching keys verifies the token's signature. */
    void verify(SignedJwt jwt, JwtAlgorithm algorithm) throws InvalidTokenException {
        List<VerificationKey> candidates = keys.stream()
                .filter(key -> key.canVerify(algorithm))
                .filter(key -> jwt.kid().isEmpty() || key.kid().isEmpty() || key.kid().equals(jwt.kid()))
                .toList();
        if (candidates.isEmpty()) {
            throw new InvalidTokenException("no key for this token");
        }
        for (VerificationKey key : candidates) {
            if (key.verifies(algorithm, jwt.signingInput(), jwt.signature())) {
                return;
            }
        }
        throw new InvalidTokenException("bad token signature");
    }

    /** Whether some key may verify the algorithm. */
    boolean canVerify(JwtAlgorithm algorithm) {
        return keys.stream().anyMatch(key -> key.canVerify(algorithm));
    }

    /** The algorithms assumed when the config lists none: each key's default. */
    List<JwtAlgorithm> defaultAlgorithms() {
        return keys.stream().map(VerificationKey::defaultAlgorithm).distinct().toList();
    }
}
