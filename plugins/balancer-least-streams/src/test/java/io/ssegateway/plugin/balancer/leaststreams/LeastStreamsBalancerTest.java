package io.ssegateway.plugin.balancer.leaststreams;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class LeastStreamsBalancerTest {
    private static final URI A = URI.create("http://a:8081");
    private static final URI B = URI.create("http://b:8081");
    private static final URI C = URI.create("http://c:8081");
    private static final Map<String, URI> BY_LETTER = Map.of("a", A, "b", B, "c", C);
    private static final List<URI> ALL = List.of(A, B, C);
    private static final FakeRequest REQUEST = FakeRequest.from("10.0.0.1");

    /**
     * History: "+a" a stream to a opened, "-a" it closed; then the picks made, each dropped at once (its upstream
     * carried no stream), so every pick sees the history alone.
     */
    static Stream<Arguments> picksAfterHistory() {
        return Stream.of(
                Arguments.of("with nothing open, equal upstreams are taken in turn", "", ALL, "a b c a b c"),
                Arguments.of("the emptiest upstream is picked", "+a +a +c", ALL, "b b b"),
                Arguments.of("upstreams tied for emptiest share the picks", "+a", ALL, "b c b c"),
                Arguments.of("a close makes its upstream the emptiest again", "+a +b +c +a +b +c -b", ALL, "b b"),
                Arguments.of("closing everything brings back turn-taking", "+a +b -a -b", ALL, "a b c"),
                Arguments.of("a close without an open is ignored, not counted below zero", "-a -a +a", ALL,
                        "b c b c"),
                Arguments.of("only usable upstreams are considered", "+b", List.of(B, C), "c c"),
                Arguments.of("an upstream that stopped being usable keeps nothing from the choice", "+a +a",
                        List.of(A), "a a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("picksAfterHistory")
    void picksTheUpstreamWithFewestOpenStreams(String name, String history, List<URI> usable, String expected) {
        Balancer balancer = newBalancer();
        replay(balancer, history);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < expected.split(" ").length; i++) {
            URI upstream = balancer.pick(usable, REQUEST);
            balancer.pickDropped(upstream);
            picked.add(letter(upstream));
        }
        assertEquals(expected, String.join(" ", picked));
    }

    @Test
    void aPickCountsItsStreamBeforeTheUpstreamAnswers() {
        Balancer balancer = newBalancer();
        Map<String, Integer> picked = new java.util.TreeMap<>();
        for (int i = 0; i < 6; i++) {
            picked.merge(letter(balancer.pick(ALL, REQUEST)), 1, Integer::sum);
        }
        assertEquals(Map.of("a", 2, "b", 2, "c", 2), picked, "picks while no upstream has answered yet");
        balancer.streamOpened(A);
        balancer.pickDropped(B);
        balancer.pickDropped(B);
        assertEquals("b", letter(balancer.pick(ALL, REQUEST)), "after both of b's reservations were dropped");
    }

    @Test
    void aSlowUpstreamDoesNotDrawThePicksMadeWhileItHasNotAnswered() {
        Balancer balancer = newBalancer();
        Map<URI, Integer> picked = new java.util.HashMap<>();
        for (int i = 0; i < 30; i++) {
            URI upstream = balancer.pick(ALL, REQUEST);
            picked.merge(upstream, 1, Integer::sum);
            if (!upstream.equals(C)) {
                balancer.streamOpened(upstream); // a and b answer at once; c has answered none yet
            }
        }
        assertEquals(Map.of(A, 10, B, 10, C, 10), picked);
    }

    @Test
    void threeHundredSimultaneousPicksSpreadEvenlyBeforeAnyUpstreamAnswers() throws Exception {
        Balancer balancer = newBalancer();
        Map<URI, AtomicInteger> counts = new ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<java.util.concurrent.Future<?>> picks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                picks.add(pool.submit(() -> {
                    start.await();
                    counts.computeIfAbsent(balancer.pick(ALL, REQUEST), u -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> pick : picks) {
                pick.get(5, TimeUnit.SECONDS);
            }
        }
        for (URI upstream : ALL) {
            assertEquals(100, counts.get(upstream).get(), upstream + " of 300 picks: " + counts);
        }
    }

    @Test
    void streamsThatStayOpenFillEveryUpstreamBeforeAnyGetsASecondMore() {
        Balancer balancer = newBalancer();
        Map<URI, Integer> open = new java.util.HashMap<>();
        for (int round = 1; round <= 4; round++) {
            for (int i = 0; i < 3; i++) {
                URI upstream = balancer.pick(ALL, REQUEST);
                balancer.streamOpened(upstream);
                open.merge(upstream, 1, Integer::sum);
            }
            assertEquals(Map.of(A, round, B, round, C, round), open, "after round " + round);
        }
    }

    @Test
    void aNewlyUsableUpstreamTakesNewStreamsUntilItCatchesUp() {
        Balancer balancer = newBalancer();
        for (int i = 0; i < 4; i++) {
            balancer.streamOpened(balancer.pick(List.of(A, B), REQUEST));
        }
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            URI upstream = balancer.pick(ALL, REQUEST);
            balancer.streamOpened(upstream);
            picked.add(letter(upstream));
        }
        assertEquals("c c", String.join(" ", picked));
    }

    @Test
    void concurrentPickersOpeningStreamsStayNearlyEven() throws InterruptedException {
        Balancer balancer = newBalancer();
        Map<URI, AtomicInteger> counts = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 3000; i++) {
                pool.execute(() -> {
                    URI upstream = balancer.pick(ALL, REQUEST);
                    balancer.streamOpened(upstream);
                    counts.computeIfAbsent(upstream, u -> new AtomicInteger()).incrementAndGet();
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
        for (URI upstream : ALL) {
            int count = counts.get(upstream).get();
            assertTrue(Math.abs(count - 1000) <= 50, upstream + " got " + count + " of 3000 streams");
        }
    }

    @Test
    void concurrentOpensAndClosesCountBackToZero() throws InterruptedException {
        OpenStreamCounts open = new OpenStreamCounts();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                pool.execute(() -> {
                    for (int j = 0; j < 10_000; j++) {
                        open.opened(A);
                        open.closed(A);
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(0, open.of(A));
    }

    @Test
    void serviceLoaderFindsTheFactoryByItsTypeName() {
        Registration.assertRegistered(BalancerFactory.class, "least-streams", LeastStreamsBalancerFactory.class);
    }

    private static void replay(Balancer balancer, String history) {
        for (String step : history.split(" ")) {
            if (step.isEmpty()) {
                continue;
            }
            URI upstream = BY_LETTER.get(step.substring(1));
            if (step.charAt(0) == '+') {
                balancer.streamOpened(upstream);
            } else {
                balancer.streamClosed(upstream);
            }
        }
    }

    private static String letter(URI upstream) {
        return upstream.getHost();
    }

    private static Balancer newBalancer() {
        return new LeastStreamsBalancerFactory().create(FakePluginConfig.of());
    }
}
