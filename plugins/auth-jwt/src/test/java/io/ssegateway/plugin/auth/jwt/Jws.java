package io.ssegateway.plugin.auth.jwt;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs tokens in tests, independently of the plugin's code: ECDSA signs with the JDK's DER form and converts
 * DER to JOSE R||S by hand, so the plugin's direct R||S verification is checked against a second path.
 */
final class Jws {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jws() {
    }

    /** base64url without padding. */
    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** base64url of a JSON value. */
    static String json(Object value) {
        try {
            return b64(JSON.writeValueAsBytes(value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A header {@code {"alg": alg}} plus extra members. */
    static Map<String, Object> header(String alg, Object... extra) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        for (int i = 0; i < extra.length; i += 2) {
            header.put((String) extra[i], extra[i + 1]);
        }
        return header;
    }

    /** A token over this header and these claims, signed with an HMAC secret. */
    static String hmac(String alg, Map<String, Object> header, Map<String, Object> claims, byte[] secret) {
        String input = json(header) + "." + json(claims);
        return input + "." + b64(hmacBytes(alg, input, secret));
    }

    /** The HMAC of a signing input. */
    static byte[] hmacBytes(String alg, String input, byte[] secret) {
        try {
            String jdk = "Hmac" + "SHA" + alg.substring(2);
            Mac mac = Mac.getInstance(jdk);
            mac.init(new SecretKeySpec(secret, jdk));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token over this header and these claims, signed with an RSA or EC private key. */
    static String sign(String alg, Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        String input = json(header) + "." + json(claims);
        return input + "." + b64(signatureBytes(alg, input, key));
    }

    /** The JOSE signature of a signing input: PKCS#1 v1.5 for RS, R||S for ES. */
    static byte[] signatureBytes(String alg, String input, PrivateKey key) {
        try {
            String hash = "SHA" + alg.substring(2);
            boolean ec = alg.startsWith("ES");
            Signature signer = Signature.getInstance(hash + (ec ? "withECDSA" : "withRSA"));
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            byte[] signature = signer.sign();
            return ec ? derToJose(signature, switch (alg) {
                case "ES256" -> 32;
                case "ES384" -> 48;
                default -> 66;
            }) : signature;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DER form {@code SEQUENCE { INTEGER r, INTEGER s }} as the ECDSA signer gives it, for a negative test. */
    static byte[] derSignature(String alg, String input, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("SHA" + alg.substring(2) + "withECDSA");
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return signer.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Converts a DER ECDSA signature to R||S, each left-padded to {@code size} bytes. */
    static byte[] derToJose(byte[] der, int size) {
        int offset = 2;
        if ((der[1] & 0x80) != 0) {
            offset += der[1] & 0x7f;
        }
        int rLength = der[offset + 1];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength));
        offset += 2 + rLength;
        int sLength = der[offset + 1];
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + sLength));
        byte[] jose = new byte[2 * size];
        copyRight(r, jose, 0, size);
        copyRight(s, jose, size, size);
        return jose;
    }

    private static void copyRight(BigInteger value, byte[] target, int start, int size) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, size);
        System.arraycopy(bytes, bytes.length - length, target, start + size - length, length);
    }
}
