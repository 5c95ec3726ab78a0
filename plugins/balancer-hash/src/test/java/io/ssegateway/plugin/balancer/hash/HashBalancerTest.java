package io.ssegateway.plugin.balancer.hash;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeRequest;
import io.ssegateway.spi.PluginConfigException;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.balancer.BalancerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class HashBalancerTest {
    private static final URI A = URI.create("http://a:8081");
    private static final URI B = URI.create("http://b:8081");
    private static final URI C = URI.create("http://c:8081");
    private static final URI D = URI.create("http://d:8081");
    private static final List<URI> THREE = List.of(A, B, C);
    private static final int KEYS = 10_000;

    /** For each key source: the config, and a request carrying key number k sent from client address number c. */
    static Stream<Arguments> keySources() {
        return Stream.of(
                Arguments.of("client-ip", FakePluginConfig.of("key", "client-ip"),
                        (BiFunction<Integer, Integer, FakeRequest>) (k, c) -> FakeRequest.from(ip(k))),
                Arguments.of("header", FakePluginConfig.of("key", "header", "name", "X-Tenant"),
                        (BiFunction<Integer, Integer, FakeRequest>) (k, c) ->
                                FakeRequest.from(ip(c)).withHeader("x-tenant", "tenant-" + k)),
                Arguments.of("query-param", FakePluginConfig.of("key", "query-param", "name", "channel"),
                        (BiFunction<Integer, Integer, FakeRequest>) (k, c) ->
                                FakeRequest.from(ip(c)).withQueryParam("channel", "ch-" + k)),
                Arguments.of("identity", FakePluginConfig.of("key", "identity"),
                        (BiFunction<Integer, Integer, FakeRequest>) (k, c) ->
                                FakeRequest.from(ip(c)).withIdentity("user-" + k)));
    }

    @ParameterizedTest(name = "key = {0}: the same key always reaches the same upstream")
    @MethodSource("keySources")
    void theSameKeyAlwaysReachesTheSameUpstream(String name, FakePluginConfig config,
                                                BiFunction<Integer, Integer, FakeRequest> request) {
        Balancer balancer = new HashBalancerFactory().create(config);
        for (int k = 0; k < 200; k++) {
            URI first = balancer.pick(THREE, request.apply(k, 1));
            for (int c = 2; c <= 5; c++) {
                assertEquals(first, balancer.pick(THREE, request.apply(k, c)), "key " + k + " from client " + c);
            }
            assertEquals(first, balancer.pick(List.of(C, A, B), request.apply(k, 1)), "list order must not matter");
        }
    }

    @ParameterizedTest(name = "key = {0}: many keys spread over all upstreams")
    @MethodSource("keySources")
    void manyKeysSpreadOverAllUpstreams(String name, FakePluginConfig config,
                                        BiFunction<Integer, Integer, FakeRequest> request) {
        Balancer balancer = new HashBalancerFactory().create(config);
        Map<URI, Integer> counts = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            counts.merge(balancer.pick(THREE, request.apply(k, 1)), 1, Integer::sum);
        }
        for (URI upstream : THREE) {
            int share = counts.getOrDefault(upstream, 0);
            assertTrue(share > KEYS / 5 && share < KEYS / 2, upstream + " got " + share + " of " + KEYS + " keys");
        }
    }

    static Stream<Arguments> missingKeys() {
        return Stream.of(
                Arguments.of("a header that is absent", FakePluginConfig.of("key", "header", "name", "X-Tenant"),
                        FakeRequest.from("192.0.2.10")),
                Arguments.of("a header that is blank", FakePluginConfig.of("key", "header", "name", "X-Tenant"),
                        FakeRequest.from("192.0.2.10").withHeader("x-tenant", "  ")),
                Arguments.of("a query parameter that is absent",
                        FakePluginConfig.of("key", "query-param", "name", "channel"), FakeRequest.from("192.0.2.10")),
                Arguments.of("an identity on a route without auth", FakePluginConfig.of("key", "identity"),
                        FakeRequest.from("192.0.2.10")));
    }

    @ParameterizedTest(name = "{0} falls back to the client ip")
    @MethodSource("missingKeys")
    void aMissingKeyFallsBackToTheClientIp(String name, FakePluginConfig config, FakeRequest request) {
        Balancer byKey = new HashBalancerFactory().create(config);
        Balancer byIp = new HashBalancerFactory().create(FakePluginConfig.of());
        for (int i = 0; i < 50; i++) {
            FakeRequest from = request.withClientAddress(ip(i));
            assertEquals(byIp.pick(THREE, from), byKey.pick(THREE, from), "client " + ip(i));
        }
    }

    @Test
    void addingAFourthUpstreamMovesAboutAQuarterOfTheKeysAllToTheNewOne() {
        Balancer balancer = headerBalancer();
        int moved = 0;
        for (int k = 0; k < KEYS; k++) {
            FakeRequest request = tenant(k);
            URI before = balancer.pick(THREE, request);
            URI after = balancer.pick(List.of(A, B, C, D), request);
            if (!after.equals(before)) {
                moved++;
                assertEquals(D, after, "a key that moves must move to the new upstream");
            }
        }
        assertTrue(moved > KEYS * 15 / 100 && moved < KEYS * 35 / 100, moved + " of " + KEYS + " keys moved");
    }

    @Test
    void anUnusableUpstreamGivesAwayOnlyItsOwnKeysAndSpreadsThem() {
        Balancer balancer = headerBalancer();
        Map<URI, Integer> receivers = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            FakeRequest request = tenant(k);
            URI before = balancer.pick(THREE, request);
            URI after = balancer.pick(List.of(A, C), request);
            if (before.equals(B)) {
                receivers.merge(after, 1, Integer::sum);
            } else {
                assertEquals(before, after, "key " + k + " was not on the unusable upstream and must stay");
            }
        }
        assertEquals(2, receivers.size(), "keys of the unusable upstream spread over the rest: " + receivers);
    }

    @Test
    void keysComeBackWhenTheUpstreamIsUsableAgain() {
        Balancer balancer = headerBalancer();
        List<URI> before = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            before.add(balancer.pick(THREE, tenant(k)));
        }
        for (int k = 0; k < 1000; k++) {
            balancer.pick(List.of(A, C), tenant(k));
        }
        for (int k = 0; k < 1000; k++) {
            assertEquals(before.get(k), balancer.pick(THREE, tenant(k)));
        }
    }

    @Test
    void threadsSeeingDifferentUsableSetsAgreeWithASingleThread() throws Exception {
        Balancer reference = headerBalancer();
        Balancer shared = headerBalancer();
        List<List<URI>> sets = List.of(THREE, List.of(A, C), List.of(A, B, C, D));
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                List<URI> usable = sets.get(t % sets.size());
                done.add(pool.submit(() -> {
                    for (int k = 0; k < 2000; k++) {
                        assertEquals(reference.pick(usable, tenant(k)), shared.pick(usable, tenant(k)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("an unknown key source", FakePluginConfig.of("key", "cookie"),
                        "routes[0].plugin.key: must be one of client-ip, header, query-param, identity (got: cookie)"),
                Arguments.of("a header key without a name", FakePluginConfig.of("key", "header"),
                        "routes[0].plugin.name: required with key = header (the header name to hash) (got: nothing)"),
                Arguments.of("a query-param key with a blank name",
                        FakePluginConfig.of("key", "query-param", "name", " "),
                        "routes[0].plugin.name: must not be blank (got: \" \")"),
                Arguments.of("a name with the client-ip key", FakePluginConfig.of("name", "X-Tenant"),
                        "routes[0].plugin.name: only used with key = header or query-param, not with key = client-ip"
                                + " (got: X-Tenant)"),
                Arguments.of("no virtual nodes", FakePluginConfig.of("virtual-nodes", 0),
                        "routes[0].plugin.virtual-nodes: must be between 1 and 10000 (got: 0)"));
    }

    @ParameterizedTest(name = "{0} is refused at startup")
    @MethodSource("badConfigs")
    void badConfigIsRefusedWithThePathAndValue(String name, FakePluginConfig config, String message) {
        PluginConfigException e = assertThrows(PluginConfigException.class,
                () -> new HashBalancerFactory().create(config));
        assertEquals(message, e.getMessage());
    }

    @Test
    void serviceLoaderFindsTheFactoryByItsTypeName() {
        Registration.assertRegistered(BalancerFactory.class, "hash", HashBalancerFactory.class);
    }

    private static Balancer headerBalancer() {
        return new HashBalancerFactory().create(FakePluginConfig.of("key", "header", "name", "X-Tenant"));
    }

    private static FakeRequest tenant(int k) {
        return FakeRequest.from("10.0.0.1").withHeader("x-tenant", "tenant-" + k);
    }

    private static String ip(int n) {
        return "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
    }
}
