package io.ssegateway.plugin.auth.support.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads credential entries of the form {@code secret} or {@code secret:identity}.
 *
 * <p>A secret is one or more visible ASCII characters without {@code :}; the identity is everything after the first
 * {@code :}, trimmed. Without an identity the credential is named by a stable, non-reversible label:
 * {@code <noun>-} and the first 8 hex digits of the secret's SHA-256. In a file, blank lines and lines starting with
 * {@code #} are skipped and surrounding whitespace is ignored.
 */
final class CredentialParser {
    private final String noun;

    /** A parser whose messages and labels call a secret {@code noun} ("token", "key"). */
    CredentialParser(String noun) {
        this.noun = noun;
    }

    /** Parses one entry; {@code origin} (such as {@code entry 2}) prefixes any error message. */
    Credential parse(String entry, String origin) throws InvalidCredentialException {
        int colon = entry.indexOf(':');
        String secret = (colon < 0 ? entry : entry.substring(0, colon)).strip();
        if (secret.isEmpty()) {
            throw new InvalidCredentialException(origin + ": empty " + noun);
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new InvalidCredentialException(
                        origin + ": a " + noun + " may only hold visible ASCII characters (no spaces)");
            }
        }
        byte[] digest = sha256(secret);
        if (colon < 0) {
            return new Credential(digest, noun + "-" + HexFormat.of().formatHex(digest, 0, 4), origin);
        }
        String identity = entry.substring(colon + 1).strip();
        if (identity.isEmpty()) {
            throw new InvalidCredentialException(origin + ": empty identity after ':'");
        }
        if (identity.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidCredentialException(origin + ": the identity contains control characters");
        }
        return new Credential(digest, identity, origin);
    }

    /** Parses the lines of a credential file, skipping blank lines and {@code #} comments. */
    List<Credential> parseLines(List<String> lines) throws InvalidCredentialException {
        List<Credential> credentials = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                credentials.add(parse(line, "line " + (i + 1)));
            }
        }
        return credentials;
    }

    /** The SHA-256 of a string's UTF-8 bytes. */
    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
