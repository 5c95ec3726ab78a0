package io.ssegateway.plugin.auth.support.credential;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable set of credentials, matched in time that depends neither on the secret nor on where it matches. */
public final class CredentialSet {
    private final List<Credential> credentials;

    private CredentialSet(List<Credential> credentials) {
        this.credentials = List.copyOf(credentials);
    }

    /** A set of these credentials; throws when a secret appears twice. */
    static CredentialSet of(List<Credential> credentials) throws InvalidCredentialException {
        Map<String, Credential> seen = new HashMap<>();
        for (Credential credential : credentials) {
            Credential earlier = seen.putIfAbsent(HexFormat.of().formatHex(credential.digest()), credential);
            if (earlier != null) {
                throw new InvalidCredentialException(
                        credential.origin() + ": the same secret as " + earlier.origin());
            }
        }
        return new CredentialSet(credentials);
    }

    /** This set followed by another; throws when a secret appears in both. */
    CredentialSet plus(List<Credential> more) throws InvalidCredentialException {
        List<Credential> all = new ArrayList<>(credentials);
        all.addAll(more);
        return of(all);
    }

    /**
     * The identity of the presented secret, if it is one of the set. Compares SHA-256 digests with
     * {@link MessageDigest#isEqual} against every entry without stopping early, so the time taken does not depend
     * on the secret's length, its content or its position.
     */
    public Optional<String> identityOf(String presented) {
        byte[] digest = CredentialParser.sha256(presented);
        String identity = null;
        for (Credential credential : credentials) {
            if (MessageDigest.isEqual(credential.digest(), digest)) {
                identity = credential.identity();
            }
        }
        return Optional.ofNullable(identity);
    }

    /** How many credentials the set holds. */
    int size() {
        return credentials.size();
    }
}
