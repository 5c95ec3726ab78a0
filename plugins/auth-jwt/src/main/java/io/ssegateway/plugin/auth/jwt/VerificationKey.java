package io.ssegateway.plugin.auth.jwt;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A key that verifies tokens, with the algorithms it may verify: only those of its own family (HMAC secret, RSA
 * public key, EC public key on the algorithm's curve), only those its JWK {@code alg} names, and only HMAC
 * algorithms whose hash is no longer than the secret.
 */
final class VerificationKey {
    static final int MIN_RSA_BITS = 2048;

    private final Optional<String> kid;
    private final byte[] secret;
    private final PublicKey publicKey;
    private final Set<JwtAlgorithm> algorithms;
    private final JwtAlgorithm defaultAlgorithm;

    private VerificationKey(Optional<String> kid, byte[] secret, PublicKey publicKey, Set<JwtAlgorithm> algorithms,
                            JwtAlgorithm defaultAlgorithm) {
        this.kid = kid;
        this.secret = secret;
        this.publicKey = publicKey;
        this.algorithms = Set.copyOf(algorithms);
        this.defaultAlgorithm = defaultAlgorithm;
    }

    /**
     * An HMAC key.
     *
     * @param secret the secret bytes
     * @param kid    the key id, if any
     * @param only   the one algorithm the key is for (a JWK {@code alg}), if any
     * @param origin where the key comes from, for messages
     */
    static VerificationKey hmac(byte[] secret, Optional<String> kid, Optional<JwtAlgorithm> only, String origin)
            throws BadKeyException {
        Set<JwtAlgorithm> algorithms = EnumSet.noneOf(JwtAlgorithm.class);
        for (JwtAlgorithm algorithm : JwtAlgorithm.values()) {
            if (algorithm.family() == JwtAlgorithm.Family.HMAC && secret.length >= algorithm.size()) {
                algorithms.add(algorithm);
            }
        }
        if (only.isPresent() && only.get().family() != JwtAlgorithm.Family.HMAC) {
            throw new BadKeyException(origin + ": an HMAC secret cannot verify " + only.get());
        }
        if (only.isPresent() && !algorithms.contains(only.get())) {
            throw new BadKeyException(origin + ": " + only.get() + " needs a secret of at least "
                                      + only.get().size() + " bytes, got " + secret.length + " bytes");
        }
        if (algorithms.isEmpty()) {
            throw new BadKeyException(origin + ": an HMAC secret needs at least 32 bytes (256 bits), got "
                                      + secret.length + " bytes");
        }
        return new VerificationKey(kid, secret.clone(), null, restrict(algorithms, only),
                                   only.orElse(JwtAlgorithm.HS256));
    }

    /**
     * An RSA or EC public key.
     *
     * @param key    the public key
     * @param kid    the key id, if any
     * @param only   the one algorithm the key is for (a JWK {@code alg}), if any
     * @param origin where the key comes from, for messages
     */
    static VerificationKey publicKey(PublicKey key, Optional<String> kid, Optional<JwtAlgorithm> only, String origin)
            throws BadKeyException {
        Set<JwtAlgorithm> algorithms = EnumSet.noneOf(JwtAlgorithm.class);
        JwtAlgorithm natural;
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new BadKeyException(origin + ": an RSA key needs at least " + MIN_RSA_BITS + " bits, got "
                                          + rsa.getModulus().bitLength());
            }
            algorithms.addAll(EnumSet.of(JwtAlgorithm.RS256, JwtAlgorithm.RS384, JwtAlgorithm.RS512));
            natural = JwtAlgorithm.RS256;
        } else if (key instanceof ECPublicKey ec) {
            String curve = Curves.nameOf(ec.getParams()).orElseThrow(() -> new BadKeyException(
                    origin + ": an EC key must be on P-256, P-384 or P-521"));
            natural = Arrays.stream(JwtAlgorithm.values()).filter(a -> curve.equals(a.curve())).findFirst()
                    .orElseThrow();
            algorithms.add(natural);
        } else {
            throw new BadKeyException(origin + ": a " + key.getAlgorithm() + " key is not supported (RSA or EC)");
        }
        if (only.isPresent() && !algorithms.contains(only.get())) {
            throw new BadKeyException(origin + ": the key cannot verify " + only.get());
        }
        return new VerificationKey(kid, null, key, restrict(algorithms, only), only.orElse(natural));
    }

    /** The key id, if any. */
    Optional<String> kid() {
        return kid;
    }

    /** Whether this key may verify tokens signed with the algorithm. */
    boolean canVerify(JwtAlgorithm algorithm) {
        return algorithms.contains(algorithm);
    }

    /** The algorithm assumed for this key when the config lists none. */
    JwtAlgorithm defaultAlgorithm() {
        return defaultAlgorithm;
    }

    /** Whether the signature over the signing input is valid for this key; false for algorithms it may not verify. */
    boolean verifies(JwtAlgorithm algorithm, byte[] signingInput, byte[] signature) {
        if (!canVerify(algorithm)) {
            return false;
        }
        try {
            if (algorithm.family() == JwtAlgorithm.Family.HMAC) {
                Mac mac = Mac.getInstance(algorithm.jdkName());
                mac.init(new SecretKeySpec(secret, algorithm.jdkName()));
                return MessageDigest.isEqual(mac.doFinal(signingInput), signature);
            }
            if (algorithm.family() == JwtAlgorithm.Family.EC && signature.length != algorithm.size()) {
                return false;
            }
            Signature verifier = Signature.getInstance(algorithm.jdkName());
            verifier.initVerify(publicKey);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Set<JwtAlgorithm> restrict(Set<JwtAlgorithm> algorithms, Optional<JwtAlgorithm> only) {
        return only.map(Set::of).orElse(algorithms);
    }
}
