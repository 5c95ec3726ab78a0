package io.ssegateway.plugin.auth.support.http;

import java.util.Optional;

/** The {@code Bearer} scheme of an {@code Authorization} header (RFC 6750). */
public final class BearerScheme {
    /** The request header that carries the credential. */
    public static final String AUTHORIZATION = "Authorization";
    /** The scheme's name, as a 401 challenge names it. */
    public static final String NAME = "Bearer";

    private BearerScheme() {
    }

    /** The token of a {@code Bearer} credential (scheme case-insensitive), or empty for other schemes. */
    public static Optional<String> token(String authorization) {
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase(NAME)) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
