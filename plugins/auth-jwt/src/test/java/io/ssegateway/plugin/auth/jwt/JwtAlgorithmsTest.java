package io.ssegateway.plugin.auth.jwt;

import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeRequest;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ssegateway.plugin.auth.jwt.JwtAuthenticatorTest.NOW;
import static io.ssegateway.plugin.auth.jwt.JwtAuthenticatorTest.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

@Timeout(30)
class JwtAlgorithmsTest {
    @TempDir
    Path home;

    @ParameterizedTest(name = "{0} tokens verify with a key of their family")
    @EnumSource(JwtAlgorithm.class)
    void everyAlgorithmVerifiesWithItsKeyAndRefusesATamperedToken(JwtAlgorithm algorithm) throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of("algorithms", List.of(algorithm.name())));
        Map<String, Object> claims = Map.of("sub", "alice", "exp", T + 60);
        String token;
        if (algorithm.family() == JwtAlgorithm.Family.HMAC) {
            config.put("secret", TestKeys.SECRET);
            token = Jws.hmac(algorithm.name(), Jws.header(algorithm.name()), claims, TestKeys.SECRET_BYTES);
        } else {
            KeyPair pair = switch (algorithm) {
                case ES256 -> TestKeys.EC256;
                case ES384 -> TestKeys.EC384;
                case ES512 -> TestKeys.EC521;
                default -> TestKeys.RSA;
            };
            config.put("public-key-file", TestKeys.write(home, "key.pem", TestKeys.pem(pair.getPublic())));
            token = Jws.sign(algorithm.name(), Jws.header(algorithm.name()), claims, pair.getPrivate());
        }
        Authenticator auth = new JwtAuthenticatorFactory().create(FakePluginConfig.auth(home, config),
                                                                  Clock.fixed(NOW, ZoneOffset.UTC));

        AuthDecision.Allow allow = assertInstanceOf(AuthDecision.Allow.class, auth.authenticate(bearer(token)));
        assertEquals("alice", allow.identity());

        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + Jws.json(Map.of("sub", "admin", "exp", T + 60)) + "." + parts[2];
        AuthDecision.Deny deny = assertInstanceOf(AuthDecision.Deny.class, auth.authenticate(bearer(tampered)));
        assertEquals("bad token signature", deny.message());
    }

    private static FakeRequest bearer(String token) {
        return new FakeRequest().withHeader("Authorization", "Bearer " + token);
    }
}
