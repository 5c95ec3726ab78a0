package io.ssegateway.plugin.auth.bearer;

import io.ssegateway.plugin.auth.support.credential.CredentialSet;
import io.ssegateway.plugin.auth.support.http.BearerScheme;
import io.ssegateway.plugin.auth.support.http.Realm;
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
        this.challenge = Realm.challenge(BearerScheme.NAME, realm);
        this.removeHeaders = forwardToken ? Set.of() : Set.of(BearerScheme.AUTHORIZATION);
    }

    @Override
    public AuthDecision authenticate(RequestView request) {
        List<String> values = request.headers(BearerScheme.AUTHORIZATION);
        if (values.size() > 1) {
            return AuthDecision.deny(400, "more than one Authorization header", Map.of());
        }
        Optional<String> token = values.stream().findFirst().flatMap(BearerScheme::token);
        if (token.isEmpty()) {
            return AuthDecision.deny(401, "a bearer token is required", challenge);
        }
        return tokens.get().identityOf(token.get())
                .<AuthDecision>map(identity -> new AuthDecision.Allow(identity, Map.of(), removeHeaders, Set.of(),
                                                                      Set.of()))
                .orElseGet(() -> AuthDecision.deny(403, "invalid bearer token", Map.of()));
    }
}
