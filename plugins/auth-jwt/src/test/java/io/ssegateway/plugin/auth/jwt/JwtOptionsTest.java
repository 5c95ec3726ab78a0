package io.ssegateway.plugin.auth.jwt;

import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeRequest;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ssegateway.plugin.auth.jwt.Jws.header;
import static io.ssegateway.plugin.auth.jwt.JwtAuthenticatorTest.NOW;
import static io.ssegateway.plugin.auth.jwt.JwtAuthenticatorTest.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Where tokens come from, what goes upstream, and certificates as key files. */
@Timeout(30)
class JwtOptionsTest {
    @TempDir
    Path home;

    @Test
    void aForwardedClaimReplacesTheHeaderTheClientSent() throws Exception {
        Authenticator auth = create(Map.of("forward-claim", Map.of("claim", "groups", "header", "X-Groups")));
        AuthDecision.Allow allow = allow(auth, bearer(token(Map.of("groups", List.of("ops", "dev"))))
                .withHeader("X-Groups", "admins"));
        assertEquals(Map.of("X-Groups", "ops,dev"), allow.addHeaders());
        assertEquals(Set.of("Authorization", "X-Groups"), allow.removeHeaders());
    }

    @Test
    void aMissingForwardedClaimStillRemovesTheClientsHeader() throws Exception {
        Authenticator auth = create(Map.of("forward-claim", Map.of("claim", "tenant", "header", "X-Tenant")));
        AuthDecision.Allow allow = allow(auth, bearer(token(Map.of())).withHeader("X-Tenant", "other"));
        assertEquals(Map.of(), allow.addHeaders());
        assertEquals(Set.of("Authorization", "X-Tenant"), allow.removeHeaders());
    }

    @Test
    void theForwardedClaimDefaultsToTheIdentityClaim() throws Exception {
        Authenticator auth = create(Map.of("identity-claim", "email",
                                           "forward-claim", Map.of("header", "X-User")));
        AuthDecision.Allow allow = allow(auth, bearer(token(Map.of("email", "alice@example.com"))));
        assertEquals("alice@example.com", allow.identity());
        assertEquals(Map.of("X-User", "alice@example.com"), allow.addHeaders());
    }

    @Test
    void aClaimWithALineBreakIsNotForwarded() throws Exception {
        Authenticator auth = create(Map.of("forward-claim", Map.of("claim", "name", "header", "X-Name")));
        AuthDecision.Deny deny = assertInstanceOf(AuthDecision.Deny.class, auth.authenticate(
                bearer(token(Map.of("name", "a\r\nX-Admin: yes")))));
        assertEquals(403, deny.status());
        assertEquals("token claim name cannot be sent as a header", deny.message());
    }

    @Test
    void tokensFromQueryAndCookieAreStrippedUpstream() throws Exception {
        Authenticator auth = create(Map.of("query-param", "access_token", "cookie", "jwt"));
        for (FakeRequest request : List.of(new FakeRequest().withQueryParam("access_token", token(Map.of())),
                                           new FakeRequest().withCookie("jwt", token(Map.of())))) {
            AuthDecision.Allow allow = allow(auth, request);
            assertEquals("alice", allow.identity());
            assertEquals(Set.of("access_token"), allow.removeQueryParams());
            assertEquals(Set.of("jwt"), allow.removeCookies());
        }
    }

    @Test
    void theAuthorizationHeaderWinsOverTheQuery() throws Exception {
        Authenticator auth = create(Map.of("query-param", "access_token"));
        AuthDecision.Deny deny = assertInstanceOf(AuthDecision.Deny.class, auth.authenticate(
                bearer("x.y.z").withQueryParam("access_token", token(Map.of()))));
        assertEquals(403, deny.status());
    }

    @Test
    void forwardTokenKeepsTheAuthorizationHeader() throws Exception {
        Authenticator auth = create(Map.of("forward-token", true));
        assertEquals(Set.of(), allow(auth, bearer(token(Map.of()))).removeHeaders());
    }

    @Test
    void aCertificateFileSuppliesItsPublicKey() throws Exception {
        // a throwaway key pair made for this test with openssl; it protects nothing
        String certificate = resource("pem/ec256-cert.pem");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(resource("pem/ec256-key.pem")
                                                       .replaceAll("-----[A-Z ]+-----", ""))));
        Authenticator auth = new JwtAuthenticatorFactory().create(FakePluginConfig.auth(home, Map.of(
                "public-key-file", TestKeys.write(home, "cert.pem", certificate))), Clock.fixed(NOW, ZoneOffset.UTC));
        String token = Jws.sign("ES256", header("ES256"), Map.of("sub", "alice", "exp", T + 60), key);
        assertEquals("alice", allow(auth, bearer(token)).identity());
    }

    private Authenticator create(Map<String, Object> options) {
        Map<String, Object> values = new HashMap<>(options);
        values.put("secret", TestKeys.SECRET);
        return new JwtAuthenticatorFactory().create(FakePluginConfig.auth(home, values),
                                                    Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String token(Map<String, Object> extraClaims) {
        Map<String, Object> claims = new HashMap<>(Map.of("sub", "alice", "exp", T + 60));
        claims.putAll(extraClaims);
        return Jws.hmac("HS256", header("HS256"), claims, TestKeys.SECRET_BYTES);
    }

    private static AuthDecision.Allow allow(Authenticator auth, FakeRequest request) throws Exception {
        return assertInstanceOf(AuthDecision.Allow.class, auth.authenticate(request));
    }

    private static FakeRequest bearer(String token) {
        return new FakeRequest().withHeader("Authorization", "Bearer " + token);
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = JwtOptionsTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
