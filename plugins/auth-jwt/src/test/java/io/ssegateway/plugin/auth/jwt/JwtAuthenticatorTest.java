package io.ssegateway.plugin.auth.jwt;

import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeRequest;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.ssegateway.plugin.auth.jwt.Jws.header;
import static io.ssegateway.plugin.auth.jwt.TestKeys.EC256;
import static io.ssegateway.plugin.auth.jwt.TestKeys.OTHER_RSA;
import static io.ssegateway.plugin.auth.jwt.TestKeys.RSA;
import static io.ssegateway.plugin.auth.jwt.TestKeys.SECRET_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** One authenticator holding an HMAC secret, an RSA key and an EC P-256 key, against many tokens. */
@Timeout(30)
class JwtAuthenticatorTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final long T = NOW.getEpochSecond();
    static final String ISSUER = "https://issuer.example";

    @TempDir
    static Path home;
    static Authenticator auth;

    @BeforeAll
    static void createAuthenticator() {
        String pem = TestKeys.write(home, "keys.pem", TestKeys.pem(RSA.getPublic()) + TestKeys.pem(EC256.getPublic()));
        auth = new JwtAuthenticatorFactory().create(FakePluginConfig.auth(home, Map.of(
                "secret", TestKeys.SECRET,
                "public-key-file", pem,
                "algorithms", List.of("HS256", "RS256", "ES256"),
                "issuer", ISSUER,
                "audience", "sse")), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Good claims with changes: {@code null} values remove a claim. */
    static Map<String, Object> claims(Object... changes) {
        Map<String, Object> claims = new HashMap<>(Map.of(
                "sub", "alice", "iss", ISSUER, "aud", "sse", "exp", T + 300, "iat", T - 10));
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) {
                claims.remove((String) changes[i]);
            } else {
                claims.put((String) changes[i], changes[i + 1]);
            }
        }
        return claims;
    }

    static String hs256(Map<String, Object> claims) {
        return Jws.hmac("HS256", header("HS256"), claims, SECRET_BYTES);
    }

    static Stream<Arguments> tokens() {
        String good = hs256(claims());
        String[] parts = good.split("\\.");
        String signingInput = Jws.json(header("ES256")) + "." + Jws.json(claims());
        String rsaPublicPem = TestKeys.pem(RSA.getPublic());
        return Stream.of(
                arguments("a good HS256 token is allowed", good, 200, "alice"),
                arguments("a good RS256 token is allowed",
                          Jws.sign("RS256", header("RS256"), claims(), RSA.getPrivate()), 200, "alice"),
                arguments("a good ES256 token is allowed",
                          Jws.sign("ES256", header("ES256"), claims(), EC256.getPrivate()), 200, "alice"),
                arguments("an audience array naming the audience is allowed",
                          hs256(claims("aud", List.of("other", "sse"))), 200, "alice"),
                arguments("an audience array without it is refused",
                          hs256(claims("aud", List.of("other"))), 403, "token audience not accepted"),
                arguments("another audience is refused", hs256(claims("aud", "other")), 403,
                          "token audience not accepted"),
                arguments("no audience is refused", hs256(claims("aud", null)), 403,
                          "token audience not accepted"),
                arguments("another issuer is refused", hs256(claims("iss", "https://evil.example")), 403,
                          "token issuer not accepted"),
                arguments("no issuer is refused", hs256(claims("iss", null)), 403, "token issuer not accepted"),
                arguments("expiry beyond the leeway is refused", hs256(claims("exp", T - 31)), 403, "token expired"),
                arguments("expiry exactly the leeway ago is refused", hs256(claims("exp", T - 30)), 403,
                          "token expired"),
                arguments("expiry within the leeway is allowed", hs256(claims("exp", T - 29)), 200, "alice"),
                arguments("a fractional expiry is read as a time", hs256(claims("exp", T - 29.5)), 200, "alice"),
                arguments("no expiry is refused", hs256(claims("exp", null)), 403, "token has no expiry (exp)"),
                arguments("an expiry that is a string is refused", hs256(claims("exp", "tomorrow")), 403,
                          "malformed token: exp is not a number"),
                arguments("not-before beyond the leeway is refused", hs256(claims("nbf", T + 31)), 403,
                          "token not yet valid"),
                arguments("not-before within the leeway is allowed", hs256(claims("nbf", T + 29)), 200, "alice"),
                arguments("no subject is refused", hs256(claims("sub", null)), 403,
                          "token has no usable sub claim"),
                arguments("a numeric subject is the identity", hs256(claims("sub", 42)), 200, "42"),
                arguments("alg none is refused", Jws.json(header("none")) + "." + Jws.json(claims()) + ".", 403,
                          "token algorithm not allowed"),
                arguments("alg NONE is refused", Jws.json(header("NONE")) + "." + Jws.json(claims()) + ".", 403,
                          "token algorithm not allowed"),
                arguments("alg none signed with the secret is refused", Jws.json(header("none")) + "."
                        + Jws.json(claims()) + "." + parts[2], 403, "token algorithm not allowed"),
                arguments("an algorithm the config does not list is refused",
                          Jws.hmac("HS384", header("HS384"), claims(), SECRET_BYTES), 403,
                          "token algorithm not allowed"),
                arguments("RS512 is refused when only RS256 is listed",
                          Jws.sign("RS512", header("RS512"), claims(), RSA.getPrivate()), 403,
                          "token algorithm not allowed"),
                arguments("HS256 keyed with the RSA public key is refused (alg confusion)",
                          Jws.hmac("HS256", header("HS256"), claims(), rsaPublicPem.getBytes(StandardCharsets.UTF_8)),
                          403, "bad token signature"),
                arguments("HS256 keyed with the DER public key is refused (alg confusion)",
                          Jws.hmac("HS256", header("HS256"), claims(), RSA.getPublic().getEncoded()), 403,
                          "bad token signature"),
                arguments("RS256 in the header with an HMAC signature is refused",
                          Jws.hmac("HS256", header("RS256"), claims(), SECRET_BYTES), 403, "bad token signature"),
                arguments("ES256 with a DER signature is refused", signingInput + "."
                        + Jws.b64(Jws.derSignature("ES256", signingInput, EC256.getPrivate())), 403,
                          "bad token signature"),
                arguments("a token signed by another RSA key is refused",
                          Jws.sign("RS256", header("RS256"), claims(), OTHER_RSA.getPrivate()), 403,
                          "bad token signature"),
                arguments("a tampered payload is refused", parts[0] + "." + Jws.json(claims("sub", "admin")) + "."
                        + parts[2], 403, "bad token signature"),
                arguments("a tampered header is refused", Jws.json(header("HS256", "kid", "x")) + "." + parts[1]
                        + "." + parts[2], 403, "bad token signature"),
                arguments("a missing signature is refused", parts[0] + "." + parts[1] + ".", 403,
                          "bad token signature"),
                arguments("a repeated claim is refused", parts[0] + "."
                        + Jws.b64("{\"sub\":\"alice\",\"sub\":\"admin\"}".getBytes(StandardCharsets.UTF_8)) + "."
                        + parts[2], 403, "malformed token: the payload is not a JSON object"),
                arguments("critical header parameters are refused", Jws.hmac(
                        "HS256", header("HS256", "crit", List.of("exp")), claims(), SECRET_BYTES), 403,
                          "token has critical header parameters this gateway does not know"),
                arguments("two parts are refused", parts[0] + "." + parts[1], 403,
                          "malformed token: expected header.payload.signature"),
                arguments("four parts are refused", good + ".x", 403,
                          "malformed token: expected header.payload.signature"),
                arguments("a header that is not base64url is refused", "e30=." + parts[1] + "." + parts[2], 403,
                          "malformed token: the header is not base64url"),
                arguments("a header that is not JSON is refused", "bm90IGpzb24." + parts[1] + "." + parts[2], 403,
                          "malformed token: the header is not a JSON object"),
                arguments("a payload that is a JSON array is refused", parts[0] + "." + Jws.json(List.of(1)) + "."
                        + parts[2], 403, "malformed token: the payload is not a JSON object"),
                arguments("a header without alg is refused", Jws.json(Map.of("typ", "JWT")) + "." + parts[1] + "."
                        + parts[2], 403, "malformed token: the header has no alg"),
                arguments("an overlong token is refused", hs256(claims("pad", "x".repeat(SignedJwt.MAX_LENGTH))),
                          403, "malformed token: longer than 16384 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void checksAlgorithmSignatureAndClaims(String name, String token, int status, String identityOrReason)
            throws Exception {
        AuthDecision decision = auth.authenticate(new FakeRequest().withHeader("Authorization", "Bearer " + token));
        if (status == 200) {
            AuthDecision.Allow allow = assertInstanceOf(AuthDecision.Allow.class, decision);
            assertEquals(identityOrReason, allow.identity());
            assertEquals(Set.of("Authorization"), allow.removeHeaders());
            return;
        }
        AuthDecision.Deny deny = assertInstanceOf(AuthDecision.Deny.class, decision);
        assertEquals(status, deny.status());
        assertEquals(identityOrReason, deny.message());
        assertEquals(Map.of(), deny.responseHeaders());
        for (String part : token.split("\\.")) {
            assertFalse(part.length() > 8 && deny.message().contains(part), "the message must not echo the token");
        }
    }

    @Test
    void anAllowExpiresWhenTheTokenStopsBeingAcceptedItsExpPlusTheLeeway() throws Exception {
        AuthDecision decision = auth.authenticate(new FakeRequest().withHeader(
                "Authorization", "Bearer " + hs256(claims("exp", T + 300))));
        AuthDecision.Allow allow = assertInstanceOf(AuthDecision.Allow.class, decision);
        assertEquals(Optional.of(NOW.plusSeconds(300 + 30)), allow.expiresAt());
    }

    static Stream<Arguments> requestsWithoutToken() {
        return Stream.of(
                arguments("no Authorization header", new FakeRequest(), 401),
                arguments("a Basic credential", new FakeRequest().withHeader("Authorization", "Basic YTpi"), 401),
                arguments("the Bearer scheme without a token", new FakeRequest().withHeader("Authorization", "Bearer "),
                          401),
                arguments("a token in the query when the query is not a source",
                          new FakeRequest().withQueryParam("access_token", hs256(claims())), 401),
                arguments("two Authorization headers", new FakeRequest().withHeader(
                        "Authorization", "Bearer " + hs256(claims()), "Bearer x"), 400));
    }

    @ParameterizedTest(name = "{0} is {2}")
    @MethodSource("requestsWithoutToken")
    void asksForATokenWhenThereIsNone(String name, FakeRequest request, int status) throws Exception {
        AuthDecision.Deny deny = assertInstanceOf(AuthDecision.Deny.class, auth.authenticate(request));
        assertEquals(status, deny.status());
        if (status == 401) {
            assertEquals(Map.of("WWW-Authenticate", "Bearer realm=\"sse-gateway\""), deny.responseHeaders());
        }
    }
}
