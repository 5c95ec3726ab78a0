package io.ssegateway.plugin.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssegateway.plugin.auth.support.http.BearerScheme;
import io.ssegateway.plugin.auth.support.http.Realm;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Allows a request that carries a valid JWT: an allowed algorithm, a good signature from a configured key, and
 * claims that pass the rules. No token: 401 with a {@code Bearer} challenge; a refused token: 403 with the reason;
 * more than one {@code Authorization} header: 400. An allow carries the token's {@code exp} plus the leeway as its
 * expiry, so the gateway closes a stream still open then and the client reconnects with a fresh token.
 */
final class JwtAuthenticator implements Authenticator {
    private final Set<JwtAlgorithm> algorithms;
    private final KeyRing keys;
    private final ClaimRules rules;
    private final String identityClaim;
    private final Optional<ForwardClaim> forwardClaim;
    private final TokenSources sources;
    private final Set<String> removeHeaders;
    private final Map<String, String> challenge;

    /**
     * @param algorithms    the algorithms a token may use
     * @param keys          the keys
     * @param rules         the claim rules
     * @param identityClaim the claim that names the client
     * @param forwardClaim  a claim sent upstream as a header, if any
     * @param sources       where tokens are looked for and what is stripped
     * @param realm         the realm of the 401 challenge
     */
    JwtAuthenticator(Set<JwtAlgorithm> algorithms, KeyRing keys, ClaimRules rules, String identityClaim,
                     Optional<ForwardClaim> forwardClaim, TokenSources sources, String realm) {
        this.algorithms = Set.copyOf(algorithms);
        this.keys = keys;
        this.rules = rules;
        this.identityClaim = identityClaim;
        this.forwardClaim = forwardClaim;
        this.sources = sources;
        this.removeHeaders = sources.headersAnd(forwardClaim.map(ForwardClaim::header));
        this.challenge = Realm.challenge(BearerScheme.NAME, realm);
    }

    @Override
    public AuthDecision authenticate(RequestView request) {
        if (request.headers(BearerScheme.AUTHORIZATION).size() > 1) {
            return AuthDecision.deny(400, "more than one Authorization header", Map.of());
        }
        Optional<String> token = sources.find(request);
        if (token.isEmpty()) {
            return AuthDecision.deny(401, "a bearer token is required", challenge);
        }
        try {
            SignedJwt jwt = SignedJwt.parse(token.get());
            JwtAlgorithm algorithm = JwtAlgorithm.byName(jwt.algorithm()).filter(algorithms::contains)
                    .orElseThrow(() -> new InvalidTokenException("token algorithm not allowed"));
            keys.verify(jwt, algorithm);
            Optional<Instant> expiry = rules.check(jwt.claims());
            String identity = identity(jwt.claims());
            Map<String, String> addHeaders = Map.of();
            if (forwardClaim.isPresent()) {
                Optional<String> value = forwardClaim.get().value(jwt.claims());
                if (value.isPresent()) {
                    addHeaders = Map.of(forwardClaim.get().header(), value.get());
                }
            }
            // a stream still open when the token stops being accepted is closed with a retry: hint
            return new AuthDecision.Allow(identity, addHeaders, removeHeaders, sources.queryParams(),
                                          sources.cookies(), expiry);
        } catch (InvalidTokenException e) {
            return AuthDecision.deny(403, e.getMessage(), Map.of());
        }
    }

    private String identity(JsonNode claims) throws InvalidTokenException {
        JsonNode value = claims.get(identityClaim);
        if (value != null && (value.isTextual() || value.isIntegralNumber())) {
            String identity = value.asText();
            if (!identity.isBlank() && identity.chars().noneMatch(Character::isISOControl)) {
                return identity;
            }
        }
        throw new InvalidTokenException("token has no usable " + identityClaim + " claim");
    }
}
