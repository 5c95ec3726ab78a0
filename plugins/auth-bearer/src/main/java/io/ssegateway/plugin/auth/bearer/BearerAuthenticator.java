package io.ssegateway.plugin.auth.bearer;

import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Allows a request whose {@code Authorization: Bearer <token>} names a known token. No token: 401 with a
 * {@code WWW-Authenticate} challenge; an unknown token: 403; more than one {@code Authorization} header: 400.
 */
final class BearerAuthenticator implements Authenticator {
    static final String AUTHORIZATION = "Authorization";
    private static final String SCHEME = "Bearer";

    private final Supplier<CredentialSet> tokens;
    private final Map<String, String> challenge;
    private final Set<String> removeHeaders;

    /**
     * @param tokens       the tokens in use, read on every request (the set may be reloaded)
     * @param realm        the realm named in the 401 challenge
     * @param forwardToken whether the {@code Authorization} header goes upstream
     */
    BearerAuthenticator(Supplier<CredentialSet> tokens, String realm, boolean forwardToken) {
        this.tokens = tokens;
        this.challenge = Map.of("WWW-Authenticate", SCHEME + " realm=\"" + realm + "\"");
        this.removeHeaders = forwardToken ? Set.of() : Set.of(AUTHORIZATION);
    }

    @Override
    public AuthDecision authenticate(RequestView request) {
        List<String> values = request.headers(AUTHORIZATION);
        if (values.size() > 1) {
            return AuthDecision.deny(400, "more than one Authorization header", Map.of());
        }
        Optional<String> token = values.stream().findFirst().flatMap(BearerAuthenticator::bearerToken);
        if (token.isEmpty()) {
            return AuthDecision.deny(401, "a bearer token is required", challenge);
        }
        return tokens.get().identityOf(token.get())
                .<AuthDecision>map(identity -> new AuthDecision.Allow(identity, Map.of(), removeHeaders, Set.of(),
                                                                      Set.of()))
                .orElseGet(() -> AuthDecision.deny(403, "invalid bearer token", Map.of()));
    }

    /** The token of a {@code Bearer} credential (scheme case-insensitive), or empty for other schemes. */
    static Optional<String> bearerToken(String authorization) {
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase(SCHEME)) {
            return Optional.empty();
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
