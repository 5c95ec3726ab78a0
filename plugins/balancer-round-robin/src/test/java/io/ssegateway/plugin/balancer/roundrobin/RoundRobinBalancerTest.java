package io.ssegateway.plugin.balancer.roundrobin;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.FakeRequest;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.balancer.BalancerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class RoundRobinBalancerTest {
    private static final URI A = URI.create("http://a:8081");
    private static final URI B = URI.create("http://b:8081");
    private static final URI C = URI.create("http://c:8081");
    private static final FakeRequest REQUEST = FakeRequest.from("10.0.0.1");

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("three upstreams are taken in list order, then again", List.of(A, B, C), 7,
                        List.of(A, B, C, A, B, C, A)),
                Arguments.of("two usable upstreams alternate", List.of(A, C), 4, List.of(A, C, A, C)),
                Arguments.of("a single usable upstream gets every stream", List.of(B), 3, List.of(B, B, B)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void picksUpstreamsInTurn(String name, List<URI> usable, int picks, List<URI> expected) {
        Balancer balancer = newBalancer();
        List<URI> picked = new ArrayList<>();
        for (int i = 0; i < picks; i++) {
            picked.add(balancer.pick(usable, REQUEST));
        }
        assertEquals(expected, picked);
    }

    @Test
    void manyThreadsPickingShareStreamsExactlyEvenly() throws InterruptedException {
        Balancer balancer = newBalancer();
        Map<URI, AtomicInteger> counts = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 3000; i++) {
                pool.execute(() -> counts.computeIfAbsent(balancer.pick(List.of(A, B, C), REQUEST),
                        u -> new AtomicInteger()).incrementAndGet());
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(1000, counts.get(A).get());
        assertEquals(1000, counts.get(B).get());
        assertEquals(1000, counts.get(C).get());
    }

    @Test
    void serviceLoaderFindsTheFactoryByItsTypeName() {
        Registration.assertRegistered(BalancerFactory.class, "round-robin", RoundRobinBalancerFactory.class);
    }

    private static Balancer newBalancer() {
        return new RoundRobinBalancerFactory().create(FakePluginConfig.of());
    }
}
