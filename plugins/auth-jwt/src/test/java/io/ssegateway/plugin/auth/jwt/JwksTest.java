package io.ssegateway.plugin.auth.jwt;

import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.ssegateway.plugin.auth.jwt.Jws.header;
import static io.ssegateway.plugin.auth.jwt.JwtAuthenticatorTest.NOW;
import static io.ssegateway.plugin.auth.jwt.JwtAuthenticatorTest.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Keys from a JWK Set: selection by kid, per-key algorithms, skipped keys, and the RFC 7515 examples. */
@Timeout(30)
class JwksTest {
    static final KeyPair K1 = TestKeys.RSA;
    static final KeyPair K2 = TestKeys.OTHER_RSA;
    static final KeyPair K3 = TestKeys.EC256;

    @TempDir
    static Path home;
    static Authenticator auth;

    @BeforeAll
    static void createAuthenticator() throws Exception {
        String jwks = new ObjectMapper().writeValueAsString(Map.of("keys", List.of(
                TestKeys.jwk(K1.getPublic(), "k1", "use", "sig", "alg", "RS256"),
                TestKeys.jwk(K2.getPublic(), "k2"),
                TestKeys.jwk(K3.getPublic(), "k3"),
                TestKeys.jwk(K2.getPublic(), "enc-key", "use", "enc"),
                Map.of("kty", "OKP", "crv", "Ed25519", "x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                       "kid", "ed"))));
        auth = new JwtAuthenticatorFactory().create(FakePluginConfig.auth(home, Map.of(
                "jwks-file", TestKeys.write(home, "jwks.json", jwks),
                "algorithms", List.of("RS256", "RS384", "ES256"))), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Stream<Arguments> tokens() {
        Map<String, Object> claims = Map.of("sub", "alice", "exp", T + 60);
        return Stream.of(
                arguments("a token is verified by the key its kid names",
                          Jws.sign("RS256", header("RS256", "kid", "k2"), claims, K2.getPrivate()), "alice"),
                arguments("a token signed by another key than its kid names is refused",
                          Jws.sign("RS256", header("RS256", "kid", "k1"), claims, K2.getPrivate()),
                          "bad token signature"),
                arguments("an unknown kid is refused",
                          Jws.sign("RS256", header("RS256", "kid", "k9"), claims, K2.getPrivate()),
                          "no key for this token"),
                arguments("a token without kid is tried against every fitting key",
                          Jws.sign("RS256", header("RS256"), claims, K2.getPrivate()), "alice"),
                arguments("an EC key verifies ES256 by kid",
                          Jws.sign("ES256", header("ES256", "kid", "k3"), claims, K3.getPrivate()), "alice"),
                arguments("an EC key never verifies an RS token",
                          Jws.sign("RS256", header("RS256", "kid", "k3"), claims, K2.getPrivate()),
                          "no key for this token"),
                arguments("a key whose JWK alg is RS256 does not verify RS384",
                          Jws.sign("RS384", header("RS384", "kid", "k1"), claims, K1.getPrivate()),
                          "no key for this token"),
                arguments("a key without JWK alg verifies every listed RS algorithm",
                          Jws.sign("RS384", header("RS384", "kid", "k2"), claims, K2.getPrivate()), "alice"),
                arguments("a key with use enc is not used",
                          Jws.sign("RS256", header("RS256", "kid", "enc-key"), claims, K2.getPrivate()),
                          "no key for this token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void picksTheKeyByKidAndAlgorithm(String name, String token, String identityOrReason) throws Exception {
        AuthDecision decision = auth.authenticate(new FakeRequest().withHeader("Authorization", "Bearer " + token));
        String outcome = decision instanceof AuthDecision.Allow allow ? allow.identity()
                : ((AuthDecision.Deny) decision).message();
        assertEquals(identityOrReason, outcome);
    }

    /** RFC 7515 appendices A.1 (HS256) and A.3 (ES256): keys and tokens as the RFC prints them. */
    @Test
    void verifiesTheRfc7515Examples() throws Exception {
        String jwks = """
                {"keys": [
                  {"kty": "oct", "kid": "a1",
                   "k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"},
                  {"kty": "EC", "crv": "P-256", "kid": "a3",
                   "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                   "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
                ]}""";
        String payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        String a1 = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." + payload
                    + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        String a3 = "eyJhbGciOiJFUzI1NiJ9." + payload
                    + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
        Instant beforeExpiry = Instant.ofEpochSecond(1300819380L - 60);
        Authenticator rfc = new JwtAuthenticatorFactory().create(FakePluginConfig.auth(home, Map.of(
                "jwks-file", TestKeys.write(home, "rfc7515.json", jwks),
                "issuer", "joe",
                "identity-claim", "iss")), Clock.fixed(beforeExpiry, ZoneOffset.UTC));

        for (String token : List.of(a1, a3)) {
            AuthDecision decision = rfc.authenticate(new FakeRequest().withHeader("Authorization", "Bearer " + token));
            assertEquals("joe", assertInstanceOf(AuthDecision.Allow.class, decision).identity());
        }
    }
}
