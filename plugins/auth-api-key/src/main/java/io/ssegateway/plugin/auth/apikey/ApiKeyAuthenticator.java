package io.ssegateway.plugin.auth.apikey;

import io.ssegateway.plugin.auth.support.credential.CredentialSet;
import io.ssegateway.plugin.auth.support.http.Realm;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Allows a request that carries a known API key. No key: 401 with an {@code ApiKey} challenge; an unknown key: 403;
 * the key header more than once: 400. On allow, every configured key source is stripped from the upstream request.
 */
final class ApiKeyAuthenticator implements Authenticator {
    private final Supplier<CredentialSet> keys;
    private final KeySources sources;
    private final Map<String, String> challenge;
    private final String missingMessage;

    /**
     * @param keys    the keys in use, read on every request (the set may be reloaded)
     * @param sources where keys are looked for
     * @param realm   the realm named in the 401 challenge
     */
    ApiKeyAuthenticator(Supplier<CredentialSet> keys, KeySources sources, String realm) {
        this.keys = keys;
        this.sources = sources;
        this.challenge = Realm.challenge("ApiKey", realm);
        this.missingMessage = "an API key is required (" + sources.describe() + ")";
    }

    @Override
    public AuthDecision authenticate(RequestView request) {
        if (sources.repeatedHeader(request)) {
            return AuthDecision.deny(400, "more than one " + sources.header().orElseThrow() + " header", Map.of());
        }
        Optional<String> key = sources.find(request);
        if (key.isEmpty()) {
            return AuthDecision.deny(401, missingMessage, challenge);
        }
        return keys.get().identityOf(key.get())
                .<AuthDecision>map(identity -> new AuthDecision.Allow(identity, Map.of(), sources.headers(),
                                                                      sources.queryParams(), sources.cookies()))
                .orElseGet(() -> AuthDecision.deny(403, "invalid API key", Map.of()));
    }
}
