package io.ssegateway.plugin.auth.jwt;

import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.spi.PluginConfigException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@Timeout(30)
class JwtConfigTest {
    private static final String SECRET = TestKeys.SECRET;

    @TempDir
    Path home;

    static Stream<Arguments> badConfigs() {
        String rsaPem = TestKeys.pem(TestKeys.RSA.getPublic());
        return Stream.of(
                arguments("no key", Map.of(), null,
                          "routes[0].auth.secret: set secret, public-key-file or jwks-file (got: nothing)"),
                arguments("a short secret", Map.of("secret", "s3cret-too-short"), null,
                          "routes[0].auth.secret: an HMAC secret needs at least 32 bytes (256 bits)"
                          + " (got: 16 bytes, value hidden)"),
                arguments("alg none", Map.of("secret", SECRET, "algorithms", List.of("HS256", "none")), null,
                          "routes[0].auth.algorithms: unsigned tokens (none) are never accepted (got: none)"),
                arguments("an unknown algorithm", Map.of("secret", SECRET, "algorithms", List.of("PS256")), null,
                          "routes[0].auth.algorithms: unsupported algorithm; use HS256, HS384, HS512, RS256, RS384,"
                          + " RS512, ES256, ES384 or ES512 (got: PS256)"),
                arguments("RS256 with only a secret", Map.of("secret", SECRET, "algorithms", List.of("RS256")), null,
                          "routes[0].auth.algorithms: no configured key can verify RS256 (HS needs a long enough"
                          + " secret, RS an RSA key, ES an EC key on its curve) (got: RS256)"),
                arguments("HS256 with only an RSA key", Map.of("public-key-file", "key.pem",
                                                               "algorithms", List.of("HS256")), rsaPem,
                          "routes[0].auth.algorithms: no configured key can verify HS256 (HS needs a long enough"
                          + " secret, RS an RSA key, ES an EC key on its curve) (got: HS256)"),
                arguments("HS512 with a 40-byte secret", Map.of("secret", "s3cret-" + "x".repeat(33),
                                                                "algorithms", List.of("HS512")), null,
                          "routes[0].auth.algorithms: no configured key can verify HS512 (HS needs a long enough"
                          + " secret, RS an RSA key, ES an EC key on its curve) (got: HS512)"),
                arguments("ES384 with a P-256 key", Map.of("public-key-file", "key.pem",
                                                           "algorithms", List.of("ES384")),
                          TestKeys.pem(TestKeys.EC256.getPublic()),
                          "routes[0].auth.algorithms: no configured key can verify ES384 (HS needs a long enough"
                          + " secret, RS an RSA key, ES an EC key on its curve) (got: ES384)"),
                arguments("a missing key file", Map.of("public-key-file", "conf/x.pem"), null,
                          "routes[0].auth.public-key-file: file not found (got: conf/x.pem)"),
                arguments("a missing JWKS file", Map.of("jwks-file", "conf/jwks.json"), null,
                          "routes[0].auth.jwks-file: file not found (got: conf/jwks.json)"),
                arguments("a PEM file without blocks", Map.of("public-key-file", "key.pem"), "hello\n",
                          "routes[0].auth.public-key-file: no PEM PUBLIC KEY or CERTIFICATE block found"
                          + " (got: key.pem)"),
                arguments("a PEM private key", Map.of("public-key-file", "key.pem"), "pem/ec256-key.pem",
                          "routes[0].auth.public-key-file: block 1: a private key; give the public key"
                          + " (openssl pkey -in key.pem -pubout) (got: key.pem)"),
                arguments("a PKCS#1 RSA public key", Map.of("public-key-file", "key.pem"),
                          "pem/rsa-pkcs1-public.pem",
                          "routes[0].auth.public-key-file: block 1: PKCS#1 RSA PUBLIC KEY is not supported; convert"
                          + " it with openssl rsa -RSAPublicKey_in -in key.pem -pubout (got: key.pem)"),
                arguments("a 1024-bit RSA key", Map.of("public-key-file", "key.pem"),
                          TestKeys.pem(TestKeys.rsa(1024).getPublic()),
                          "routes[0].auth.public-key-file: block 1: an RSA key needs at least 2048 bits, got 1024"
                          + " (got: key.pem)"),
                arguments("a JWKS file that is not JSON", Map.of("jwks-file", "key.pem"), "{\"keys\": [\n}",
                          "routes[0].auth.jwks-file: not valid JSON (line 2) (got: key.pem)"),
                arguments("a JWKS file without a signing key", Map.of("jwks-file", "key.pem"),
                          "{\"keys\": [{\"kty\": \"RSA\", \"use\": \"enc\", \"n\": \"AQAB\", \"e\": \"AQAB\"}]}",
                          "routes[0].auth.jwks-file: no usable signing key; skipped key 1 (use enc) (got: key.pem)"),
                arguments("a JWK without its modulus", Map.of("jwks-file", "key.pem"),
                          "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"a\", \"e\": \"AQAB\"}]}",
                          "routes[0].auth.jwks-file: key 1 (kid a): missing member n (got: key.pem)"),
                arguments("a short oct JWK", Map.of("jwks-file", "key.pem"),
                          "{\"keys\": [{\"kty\": \"oct\", \"k\": \"czNjcmV0\"}]}",
                          "routes[0].auth.jwks-file: key 1: an HMAC secret needs at least 32 bytes (256 bits),"
                          + " got 6 bytes (got: key.pem)"),
                arguments("an oct JWK marked for RS256 (alg confusion)", Map.of("jwks-file", "key.pem"),
                          "{\"keys\": [{\"kty\": \"oct\", \"alg\": \"RS256\", \"k\": \""
                          + Jws.b64(TestKeys.SECRET_BYTES) + "\"}]}",
                          "routes[0].auth.jwks-file: key 1: an HMAC secret cannot verify RS256 (got: key.pem)"),
                arguments("an RSA JWK marked for HS256 (alg confusion)", Map.of("jwks-file", "key.pem"),
                          "{\"keys\": [" + TestKeys.jwkJson(TestKeys.RSA.getPublic(), "alg", "HS256") + "]}",
                          "routes[0].auth.jwks-file: key 1: the key cannot verify HS256 (got: key.pem)"),
                arguments("an oct JWK for HS384 with a 40-byte secret", Map.of("jwks-file", "key.pem"),
                          "{\"keys\": [{\"kty\": \"oct\", \"alg\": \"HS384\", \"k\": \""
                          + Jws.b64(new byte[40]) + "\"}]}",
                          "routes[0].auth.jwks-file: key 1: HS384 needs a secret of at least 48 bytes, got 40 bytes"
                          + " (got: key.pem)"),
                arguments("a negative leeway", Map.of("secret", SECRET, "leeway", Duration.ofSeconds(-1)), null,
                          "routes[0].auth.leeway: must not be negative (got: PT-1S)"),
                arguments("forward-claim without a header", Map.of("secret", SECRET,
                                                                   "forward-claim", Map.of("claim", "sub")), null,
                          "routes[0].auth.forward-claim.header: missing required key (got: nothing)"),
                arguments("a query parameter name with a space", Map.of("secret", SECRET, "query-param", "a b"),
                          null, "routes[0].auth.query-param: a name of letters, digits and !#$%&'*+-.^_`|~"
                                + " (got: a b)"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("badConfigs")
    void refusesBadConfigWithThePathAndWithoutTheSecret(String name, Map<String, Object> values, String keyFile,
                                                         String message) throws Exception {
        if (keyFile != null) {
            Files.writeString(home.resolve("key.pem"), keyFile.startsWith("pem/") ? resource(keyFile) : keyFile);
        }
        PluginConfigException e = assertThrows(PluginConfigException.class, () -> new JwtAuthenticatorFactory().create(
                FakePluginConfig.auth(home, values)));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), "the message must not hold the secret");
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = JwtConfigTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
