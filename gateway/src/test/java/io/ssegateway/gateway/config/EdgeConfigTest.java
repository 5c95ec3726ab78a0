package io.ssegateway.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class EdgeConfigTest {
    private static final String ROUTE = "routes = [ { id = r1, path = /a, upstreams = [\"http://h:1\"]\n %s } ]";

    @TempDir
    Path home;

    @Test
    void withoutEdgeKeysTheListenerIsCleartextWithDefaultHeadersAndLimits() {
        GatewaySettings settings = load("");

        assertEquals(EdgeSettings.DEFAULT, settings.server().edge());
        assertFalse(settings.server().edge().speaksHttp2(), "cleartext without h2c speaks HTTP/1.1 only");
        assertEquals(Optional.empty(), settings.routes().getFirst().cors());
    }

    @Test
    void aCorsBlockIsReadNormalisedAndDeduplicated() {
        CorsSettings cors = load(ROUTE.formatted("""
                cors { allowed-origins = ["HTTPS://App.Example.com:443", "http://localhost:3000",
                                          "https://app.example.com"]
                       allow-credentials = true, max-age = 2m, allowed-methods = [GET, POST]
                       allowed-headers = [Authorization, X-Trace], exposed-headers = [X-Request-Id] }
                """)).routes().getFirst().cors().orElseThrow();

        assertEquals(new CorsSettings(List.of("https://app.example.com", "http://localhost:3000"), true,
                                      Duration.ofMinutes(2), List.of("GET", "POST"),
                                      List.of("authorization", "x-trace"), List.of("X-Request-Id")),
                     cors);
    }

    @Test
    void aCorsBlockWithOnlyOriginsAllowsGetWithoutCredentialsForTenMinutes() {
        CorsSettings cors = load(ROUTE.formatted("cors { allowed-origins = [\"*\"] }")).routes().getFirst()
                .cors().orElseThrow();

        assertEquals(new CorsSettings(List.of("*"), false, Duration.ofMinutes(10), List.of("GET"), List.of(),
                                      List.of()), cors);
        assertTrue(cors.anyOrigin());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "cors { allow-credentials = true } | routes[0].cors.allowed-origins: missing required key (a cors block"
                    + " without origins allows nothing) (got: nothing)",
            "cors { allowed-origins = [] } | routes[0].cors.allowed-origins: at least one origin is required (a cors"
                    + " block without origins allows nothing) (got: [])",
            "cors { allowed-origins = [\"https://a.com/\"] } | routes[0].cors.allowed-origins[0]: must be \"*\" or an"
                    + " origin scheme://host[:port], without path or trailing / (got: https://a.com/)",
            "cors { allowed-origins = [\"a.com\"] } | routes[0].cors.allowed-origins[0]: must be \"*\" or an origin"
                    + " scheme://host[:port], without path or trailing / (got: a.com)",
            "cors { allowed-origins = [\"https://a.com:0\"] } | routes[0].cors.allowed-origins[0]: port must be"
                    + " 1-65535 (got: https://a.com:0)",
            "cors { allowed-origins = [\"*\"], allow-credentials = true } | routes[0].cors.allow-credentials: must"
                    + " not be true when allowed-origins is \"*\" (browsers refuse credentials with a wildcard origin;"
                    + " list the origins instead) (got: ***)",
            "cors { allowed-origins = [\"*\", \"https://a.com\"] } | routes[0].cors.allowed-origins: \"*\" must be"
                    + " the only entry when present (got: [*, https://a.com])",
            "cors { allowed-origins = [\"https://a.com\"], allowed-methods = [get] } | routes[0].cors.allowed-methods[0]:"
                    + " must be an upper-case method name such as GET (got: get)",
            "cors { allowed-origins = [\"https://a.com\"], allowed-headers = [\"*\"] } | routes[0].cors"
                    + ".allowed-headers[0]: must be a header name (no wildcard) (got: *)",
            "cors { allowed-origins = [\"https://a.com\"], max-age = 0s } | routes[0].cors.max-age: must be positive"
                    + " (got: 0s)",
            "cors { allowed-origins = [\"https://a.com\"], origins = [] } | routes[0].cors.origins: unknown key,"
                    + " expected one of: allowed-origins, allow-credentials, max-age, allowed-methods,"
                    + " allowed-headers, exposed-headers (got: [])",
            "cors = true | routes[0].cors: expected an object (got: true)"})
    void aBadCorsValueIsReportedWithItsPath(String routeKeys, String problem) {
        assertEquals(List.of(problem), problems(ROUTE.formatted(routeKeys)));
    }

    @Test
    void pemFilesAreResolvedAgainstHomeAndThePasswordNeverShows() throws Exception {
        Files.createDirectories(home.resolve("conf/tls"));
        Files.writeString(home.resolve("conf/tls/chain.pem"), "x");
        Files.writeString(home.resolve("conf/tls/key.pem"), "x");

        EdgeSettings edge = load("""
                server.tls { cert-chain = "conf/tls/chain.pem", private-key = "conf/tls/key.pem"
                             private-key-password = "s3cret-pw" }
                """).server().edge();

        TlsSettings.Pem pem = (TlsSettings.Pem) edge.tls().orElseThrow();
        assertEquals(home.resolve("conf/tls/chain.pem"), pem.certChain());
        assertEquals(home.resolve("conf/tls/key.pem"), pem.privateKey());
        assertEquals(Optional.of("s3cret-pw"), pem.privateKeyPassword());
        assertFalse(edge.toString().contains("s3cret-pw"), edge.toString());
        assertTrue(edge.speaksHttp2(), "TLS speaks HTTP/2 by ALPN unless http2 = false");
    }

    @Test
    void aKeystoreIsReadWithItsAliasAndHttp2CanBeTurnedOff() throws Exception {
        Files.writeString(home.resolve("gw.p12"), "x");

        EdgeSettings edge = load("server { tls { keystore = gw.p12, keystore-password = pw, key-alias = gw },"
                                         + " http2 = false }").server().edge();

        assertEquals(new TlsSettings.Keystore(home.resolve("gw.p12"), "pw", Optional.of("gw")),
                     edge.tls().orElseThrow());
        assertFalse(edge.speaksHttp2());
        assertFalse(edge.toString().contains("=pw"), edge.toString());
    }

    @Test
    void tlsCanBeSwitchedOffByItsEnabledKeyFromTheEnvironment() {
        GatewaySettings settings = ConfigLoader.loadString("server.tls { keystore = missing.p12 }", home,
                                                           Map.of("SERVER_TLS_ENABLED", "false"));

        assertEquals(Optional.empty(), settings.server().edge().tls());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "server.tls { } | server.tls: needs cert-chain and private-key (PEM files) or keystore (PKCS#12) (got: {})",
            "server.tls { keystore = none.p12, keystore-password = x } | server.tls.keystore: no readable file at"
                    + " HOME/none.p12 (got: none.p12)",
            "server.tls { cert-chain = a.pem } | server.tls.private-key: missing required key (got: nothing)",
            "server.tls { keystore = a.p12, cert-chain = a.pem } | server.tls: give either cert-chain and"
                    + " private-key (PEM) or keystore (PKCS#12), not both (got: {cert-chain=a.pem, keystore=a.p12})",
            "server.tls { keystore = a.p12, keystore-pass = x } | server.tls.keystore-pass: unknown key, expected"
                    + " one of: enabled, cert-chain, private-key, private-key-password, keystore, keystore-password,"
                    + " key-alias (got: x)",
            "server.h2c = maybe | server.h2c: must be true or false (got: maybe)",
            "server.request-head.max-headers-size = 2MiB | server.request-head.max-headers-size: must be at most"
                    + " 1MiB (got: 2MiB)",
            "server.request-head.timeout = 0s | server.request-head.timeout: must be positive (got: 0s)",
            "server.idle-timeout = 500ms | server.idle-timeout: must be at least 1s (idle time is counted in whole"
                    + " seconds) (got: 500ms)",
            "server.idle-timeout = soon | server.idle-timeout: not a duration (use 500ms, 15s, 2m, 1h, 1d or"
                    + " ISO-8601 like PT15S) (got: soon)"})
    void aBadEdgeValueIsReportedWithItsPath(String hocon, String problem) throws Exception {
        Files.writeString(home.resolve("a.pem"), "x");
        Files.writeString(home.resolve("a.p12"), "x");
        List<String> problems = problems(hocon);
        assertTrue(problems.contains(problem.replace("HOME", home.toString())), problems.toString());
    }

    @Test
    void aSecurityHeaderValueWithALineBreakIsRefused() {
        assertEquals(List.of("server.security-headers.referrer-policy: must not contain control characters or line"
                                     + " breaks (got: a\nb)"),
                     problems("server.security-headers.referrer-policy = \"a\\nb\""));
    }

    @Test
    void securityHeadersAndRequestHeadLimitsAreRead() {
        ServerSettings server = load("""
                server {
                  security-headers { referrer-policy = "", strict-transport-security = "max-age=60" }
                  request-head { max-request-line = 2KiB, max-headers-size = 4KiB, timeout = 3s }
                  h2c = true
                }
                """).server();

        assertEquals(new SecurityHeadersSettings(true, "nosniff", "", "max-age=60"), server.edge().securityHeaders());
        assertEquals(new RequestHeadSettings(2048, 4096, Duration.ofSeconds(3)), server.edge().requestHead());
        assertTrue(server.edge().speaksHttp2(), "cleartext with h2c speaks HTTP/2 by prior knowledge");
        assertEquals(EdgeSettings.DEFAULT_IDLE_TIMEOUT, server.edge().idleTimeout(), "Helidon's 5 minutes");
    }

    @Test
    void theIdleTimeoutIsRead() {
        assertEquals(Duration.ofSeconds(90), load("server.idle-timeout = 90s").server().edge().idleTimeout());
    }

    private GatewaySettings load(String hocon) {
        return ConfigLoader.loadString(hocon, home, Map.of());
    }

    private List<String> problems(String hocon) {
        return assertThrows(ConfigException.class, () -> load(hocon)).problems();
    }
}
