package io.ssegateway.plugin.auth.bearer;

import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeRequest;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@Timeout(10)
class BearerAuthenticatorTest {
    /** How the plugin names "s3cret-anon": the noun and the first 8 hex digits of its SHA-256. */
    private static final String ANON_TOKEN = "token-6e48aea7";
    private static final Authenticator AUTH = new BearerAuthenticatorFactory().create(FakePluginConfig.auth(
            Path.of("."), Map.of("tokens", List.of("s3cret-alice:alice", "s3cret-anon"))));

    static Stream<Arguments> requests() {
        return Stream.of(
                arguments("no Authorization header is 401", new FakeRequest(), 401, null),
                arguments("a Basic credential is 401", new FakeRequest().withHeader(
                        "Authorization", "Basic czNjcmV0LWFsaWNl"), 401, null),
                arguments("the Bearer scheme without a token is 401", bearer(""), 401, null),
                arguments("a known token is allowed as its configured identity", bearer("s3cret-alice"), 200,
                          "alice"),
                arguments("the scheme is case-insensitive", new FakeRequest().withHeader(
                        "Authorization", "bEaReR s3cret-alice"), 200, "alice"),
                arguments("spaces around the token are ignored", new FakeRequest().withHeader(
                        "Authorization", "  Bearer   s3cret-alice  "), 200, "alice"),
                arguments("a token without identity is named by its hash", bearer("s3cret-anon"), 200, ANON_TOKEN),
                arguments("an unknown token is 403", bearer("s3cret-mallory"), 403, null),
                arguments("a prefix of a known token is 403", bearer("s3cret-alic"), 403, null),
                arguments("a known token with a suffix is 403", bearer("s3cret-alicex"), 403, null),
                arguments("the token:identity entry as a whole is 403", bearer("s3cret-alice:alice"), 403, null),
                arguments("an identity is not a token", bearer("alice"), 403, null),
                arguments("two Authorization headers are 400", new FakeRequest().withHeader(
                        "Authorization", "Bearer s3cret-alice", "Bearer s3cret-anon"), 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void decidesByTheBearerToken(String name, FakeRequest request, int status, String identity) throws Exception {
        AuthDecision decision = AUTH.authenticate(request);
        if (status == 200) {
            AuthDecision.Allow allow = assertInstanceOf(AuthDecision.Allow.class, decision);
            assertEquals(identity, allow.identity());
            assertEquals(Set.of("Authorization"), allow.removeHeaders());
            return;
        }
        AuthDecision.Deny deny = assertInstanceOf(AuthDecision.Deny.class, decision);
        assertEquals(status, deny.status());
        assertFalse(deny.message().contains("s3cret"), "the message must not echo the credential");
        if (status == 401) {
            assertEquals(Map.of("WWW-Authenticate", "Bearer realm=\"sse-gateway\""), deny.responseHeaders());
        } else {
            assertEquals(Map.of(), deny.responseHeaders());
        }
    }

    @Test
    void forwardTokenKeepsTheAuthorizationHeader() throws Exception {
        Authenticator auth = new BearerAuthenticatorFactory().create(FakePluginConfig.auth(
                Path.of("."), Map.of("tokens", List.of("s3cret-alice:alice"), "forward-token", true)));
        AuthDecision.Allow allow = assertInstanceOf(AuthDecision.Allow.class,
                                                    auth.authenticate(bearer("s3cret-alice")));
        assertEquals(Set.of(), allow.removeHeaders());
    }

    @Test
    void theChallengeNamesTheConfiguredRealm() throws Exception {
        Authenticator auth = new BearerAuthenticatorFactory().create(FakePluginConfig.auth(
                Path.of("."), Map.of("tokens", List.of("s3cret-alice"), "realm", "events")));
        AuthDecision.Deny deny = assertInstanceOf(AuthDecision.Deny.class, auth.authenticate(new FakeRequest()));
        assertEquals("Bearer realm=\"events\"", deny.responseHeaders().get("WWW-Authenticate"));
    }

    private static FakeRequest bearer(String token) {
        return new FakeRequest().withHeader("Authorization", "Bearer " + token);
    }
}
