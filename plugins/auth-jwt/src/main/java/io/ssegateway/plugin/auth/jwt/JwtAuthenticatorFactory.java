package io.ssegateway.plugin.auth.jwt;

import io.ssegateway.plugin.auth.support.http.HttpToken;
import io.ssegateway.plugin.auth.support.http.Realm;
import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.auth.AuthenticatorFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the {@code jwt} authenticator. Config keys:
 * <ul>
 *     <li>keys, at least one of: {@code secret} (an HMAC secret, its UTF-8 bytes, at least 32),
 *     {@code public-key-file} (PEM: PUBLIC KEY or CERTIFICATE blocks, RSA or EC), {@code jwks-file} (a JWK Set;
 *     keys are picked by {@code kid})</li>
 *     <li>{@code algorithms}: the allowed {@code alg} values (HS256/384/512, RS256/384/512, ES256/384/512); by
 *     default each key's own: HS256 for a secret, RS256 for RSA, the curve's ES algorithm for EC, a JWK's
 *     {@code alg}</li>
 *     <li>{@code issuer}, {@code audience}: required {@code iss} and a required entry of {@code aud}</li>
 *     <li>{@code leeway} (default 30s): clock skew allowed on {@code exp} and {@code nbf};
 *     {@code require-exp} (default true). An allowed token's {@code exp} plus the leeway is its decision's expiry:
 *     the gateway closes a stream still open then, with a {@code retry:} hint, and the client reconnects with a
 *     fresh token</li>
 *     <li>{@code identity-claim} (default {@code sub}); {@code forward-claim { claim, header }}: a claim sent
 *     upstream as a header ({@code claim} defaults to the identity claim)</li>
 *     <li>{@code query-param}, {@code cookie}: also take the token from there (off by default; never forwarded);
 *     {@code forward-token} (default false): whether the {@code Authorization} header goes upstream;
 *     {@code realm} (default {@code sse-gateway})</li>
 * </ul>
 */
public final class JwtAuthenticatorFactory implements AuthenticatorFactory {
    static final int MIN_SECRET_BYTES = 32;
    private static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

    /** The factory the ServiceLoader instantiates. */
    public JwtAuthenticatorFactory() {
    }

    @Override
    public String name() {
        return "jwt";
    }

    @Override
    public int spiVersion() {
        return Spi.MAJOR;
    }

    @Override
    public int spiMinorVersion() {
        return Spi.MINOR;
    }

    @Override
    public Authenticator create(PluginConfig config) {
        return create(config, Clock.systemUTC());
    }

    /** Makes the authenticator with this clock (tests use a fixed one). */
    Authenticator create(PluginConfig config, Clock clock) {
        KeyRing keys = keys(config);
        Set<JwtAlgorithm> algorithms = algorithms(config, keys);
        Duration leeway = config.duration("leeway").orElse(DEFAULT_LEEWAY);
        if (leeway.isNegative()) {
            throw config.problem("leeway", "must not be negative", leeway);
        }
        ClaimRules rules = new ClaimRules(config.string("issuer"), config.string("audience"), leeway,
                                          config.bool("require-exp").orElse(true), clock);
        String identityClaim = config.string("identity-claim").orElse("sub");
        if (identityClaim.isBlank()) {
            throw config.problem("identity-claim", "must name a claim", "\"\"");
        }
        Optional<ForwardClaim> forwardClaim = config.child("forward-claim").map(
                child -> new ForwardClaim(child.string("claim").orElse(identityClaim),
                                          httpToken(child, "header", child.requireString("header"))));
        TokenSources sources = new TokenSources(
                config.string("query-param").map(name -> httpToken(config, "query-param", name)),
                config.string("cookie").map(name -> httpToken(config, "cookie", name)),
                config.bool("forward-token").orElse(false));
        String realm = Realm.read(config, "realm");
        return new JwtAuthenticator(algorithms, keys, rules, identityClaim, forwardClaim, sources, realm);
    }

    private static KeyRing keys(PluginConfig config) {
        Optional<String> secret = config.string("secret");
        Optional<String> pemFile = config.string("public-key-file");
        Optional<String> jwksFile = config.string("jwks-file");
        List<VerificationKey> keys = new ArrayList<>();
        if (secret.isPresent()) {
            byte[] bytes = secret.get().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw config.problem("secret", "an HMAC secret needs at least " + MIN_SECRET_BYTES
                                               + " bytes (256 bits)", bytes.length + " bytes, value hidden");
            }
            try {
                keys.add(VerificationKey.hmac(bytes, Optional.empty(), Optional.empty(), "secret"));
            } catch (BadKeyException e) {
                throw config.problem("secret", e.getMessage(), "value hidden");
            }
        }
        if (pemFile.isPresent()) {
            keys.addAll(fromFile(config, "public-key-file", pemFile.get(), false));
        }
        if (jwksFile.isPresent()) {
            keys.addAll(fromFile(config, "jwks-file", jwksFile.get(), true));
        }
        if (keys.isEmpty()) {
            throw config.problem("secret", "set secret, public-key-file or jwks-file", "nothing");
        }
        return new KeyRing(keys);
    }

    private static List<VerificationKey> fromFile(PluginConfig config, String key, String value, boolean jwks) {
        Path path = config.resolvePath(value);
        if (!Files.exists(path)) {
            throw config.problem(key, "file not found", value);
        }
        try {
            String text = Files.readString(path);
            return jwks ? JwksKeys.read(text) : PemKeys.read(text);
        } catch (IOException e) {
            throw config.problem(key, "cannot read file: " + e, value);
        } catch (BadKeyException e) {
            throw config.problem(key, e.getMessage(), value);
        }
    }

    private static Set<JwtAlgorithm> algorithms(PluginConfig config, KeyRing keys) {
        List<String> names = config.stringList("algorithms");
        if (names.isEmpty()) {
            return EnumSet.copyOf(keys.defaultAlgorithms());
        }
        Set<JwtAlgorithm> algorithms = EnumSet.noneOf(JwtAlgorithm.class);
        for (String name : names) {
            if (name.equalsIgnoreCase("none")) {
                throw config.problem("algorithms", "unsigned tokens (none) are never accepted", name);
            }
            JwtAlgorithm algorithm = JwtAlgorithm.byName(name).orElseThrow(() -> config.problem(
                    "algorithms", "unsupported algorithm; use HS256, HS384, HS512, RS256, RS384, RS512, ES256,"
                                  + " ES384 or ES512", name));
            if (!keys.canVerify(algorithm)) {
                throw config.problem("algorithms", "no configured key can verify " + algorithm
                                                   + " (HS needs a long enough secret, RS an RSA key, ES an EC key"
                                                   + " on its curve)", name);
            }
            algorithms.add(algorithm);
        }
        return algorithms;
    }

    /** A header, parameter or cookie name, checked to be an HTTP token. */
    private static String httpToken(PluginConfig config, String key, String name) {
        if (!HttpToken.isToken(name)) {
            throw config.problem(key, "a name of letters, digits and " + HttpToken.PUNCTUATION, name);
        }
        return name;
    }
}
