package io.ssegateway.plugin.auth.apikey;

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
class ApiKeyAuthenticatorTest {
    /** How the plugin names "s3cret-anon": the noun and the first 8 hex digits of its SHA-256. */
    private static final String ANON_KEY = "key-6e48aea7";
    private static final Authenticator AUTH = create(Map.of("keys", List.of("s3cret-alice:alice", "s3cret-anon")));

    static Stream<Arguments> requests() {
        return Stream.of(
                arguments("no key anywhere is 401", new FakeRequest(), 401, null),
                arguments("a key in the header is allowed", new FakeRequest().withHeader("X-API-Key", "s3cret-alice"),
                          200, "alice"),
                arguments("the header name is case-insensitive",
                          new FakeRequest().withHeader("x-api-key", "s3cret-alice"), 200, "alice"),
                arguments("a key in the query is allowed",
                          new FakeRequest().withQueryParam("api_key", "s3cret-alice"), 200, "alice"),
                arguments("a key in the cookie is allowed",
                          new FakeRequest().withCookie("api_key", "s3cret-alice"), 200, "alice"),
                arguments("a key without identity is named by its hash",
                          new FakeRequest().withHeader("X-API-Key", "s3cret-anon"), 200, ANON_KEY),
                arguments("an unknown key is 403", new FakeRequest().withHeader("X-API-Key", "s3cret-mallory"), 403,
                          null),
                arguments("a prefix of a known key is 403",
                          new FakeRequest().withQueryParam("api_key", "s3cret-alic"), 403, null),
                arguments("the header wins over the query", new FakeRequest().withHeader("X-API-Key", "s3cret-mallory")
                        .withQueryParam("api_key", "s3cret-alice"), 403, null),
                arguments("the query wins over the cookie", new FakeRequest().withQueryParam("api_key", "s3cret-anon")
                        .withCookie("api_key", "s3cret-alice"), 200, ANON_KEY),
                arguments("a blank header falls through to the cookie", new FakeRequest().withHeader("X-API-Key", " ")
                        .withCookie("api_key", "s3cret-alice"), 200, "alice"),
                arguments("a key under another name is 401",
                          new FakeRequest().withQueryParam("key", "s3cret-alice"), 401, null),
                arguments("the key header twice is 400",
                          new FakeRequest().withHeader("X-API-Key", "s3cret-alice", "s3cret-anon"), 400, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void decidesByTheFirstKeyFound(String name, FakeRequest request, int status, String identity) throws Exception {
        AuthDecision decision = AUTH.authenticate(request);
        if (status == 200) {
            AuthDecision.Allow allow = assertInstanceOf(AuthDecision.Allow.class, decision);
            assertEquals(identity, allow.identity());
            assertEquals(Set.of("X-API-Key"), allow.removeHeaders());
            assertEquals(Set.of("api_key"), allow.removeQueryParams());
            assertEquals(Set.of("api_key"), allow.removeCookies());
            return;
        }
        AuthDecision.Deny deny = assertInstanceOf(AuthDecision.Deny.class, decision);
        assertEquals(status, deny.status());
        assertFalse(deny.message().contains("s3cret"), "the message must not echo the credential");
        if (status == 401) {
            assertEquals(Map.of("WWW-Authenticate", "ApiKey realm=\"sse-gateway\""), deny.responseHeaders());
            assertEquals("an API key is required (header X-API-Key or query parameter api_key or cookie api_key)",
                         deny.message());
        }
    }

    @Test
    void aSourceTurnedOffIsNeitherReadNorStripped() throws Exception {
        Authenticator auth = create(Map.of("keys", List.of("s3cret-alice:alice"), "query-param", "",
                                           "cookie", "", "header", "Api-Token"));
        AuthDecision.Deny deny = assertInstanceOf(AuthDecision.Deny.class, auth.authenticate(
                new FakeRequest().withQueryParam("api_key", "s3cret-alice").withCookie("api_key", "s3cret-alice")));
        assertEquals("an API key is required (header Api-Token)", deny.message());

        AuthDecision.Allow allow = assertInstanceOf(AuthDecision.Allow.class, auth.authenticate(
                new FakeRequest().withHeader("Api-Token", "s3cret-alice")));
        assertEquals(Set.of("Api-Token"), allow.removeHeaders());
        assertEquals(Set.of(), allow.removeQueryParams());
        assertEquals(Set.of(), allow.removeCookies());
    }

    private static Authenticator create(Map<String, Object> values) {
        return new ApiKeyAuthenticatorFactory().create(FakePluginConfig.auth(Path.of("."), values));
    }
}
