package io.ssegateway.plugin.auth.jwt;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM text: one or more {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo, RSA or EC) or {@code CERTIFICATE}
 * blocks. A certificate only supplies its public key: its dates and chain are not checked. Keys from PEM have no
 * key id, so they are tried for any token whose algorithm they fit.
 */
final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemKeys() {
    }

    /** The keys of the PEM text; throws naming the block ({@code block 2}) that cannot be used. */
    static List<VerificationKey> read(String pem) throws BadKeyException {
        List<VerificationKey> keys = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            String origin = "block " + (keys.size() + 1);
            byte[] der = decode(matcher.group(2), origin);
            PublicKey key = switch (matcher.group(1)) {
                case "PUBLIC KEY" -> publicKey(der, origin);
                case "CERTIFICATE" -> certificateKey(der, origin);
                case "RSA PUBLIC KEY" -> throw new BadKeyException(
                        origin + ": PKCS#1 RSA PUBLIC KEY is not supported; convert it with"
                        + " openssl rsa -RSAPublicKey_in -in key.pem -pubout");
                default -> throw new BadKeyException(matcher.group(1).contains("PRIVATE")
                        ? origin + ": a private key; give the public key (openssl pkey -in key.pem -pubout)"
                        : origin + ": a " + matcher.group(1) + " block; expected PUBLIC KEY or CERTIFICATE");
            };
            keys.add(VerificationKey.publicKey(key, Optional.empty(), Optional.empty(), origin));
        }
        if (keys.isEmpty()) {
            throw new BadKeyException("no PEM PUBLIC KEY or CERTIFICATE block found");
        }
        return keys;
    }

    private static byte[] decode(String body, String origin) throws BadKeyException {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new BadKeyException(origin + ": not valid base64");
        }
    }

    private static PublicKey publicKey(byte[] der, String origin) throws BadKeyException {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not a key of this algorithm: try the next
            }
        }
        throw new BadKeyException(origin + ": not an RSA or EC public key");
    }

    private static PublicKey certificateKey(byte[] der, String origin) throws BadKeyException {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new BadKeyException(origin + ": not a valid X.509 certificate");
        }
    }
}
