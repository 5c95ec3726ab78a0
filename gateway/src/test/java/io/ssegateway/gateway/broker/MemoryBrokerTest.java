package io.ssegateway.gateway.broker;

import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.broker.ChannelFollower;
import io.ssegateway.spi.broker.ChannelHistory;
import io.ssegateway.spi.broker.Replay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class MemoryBrokerTest {
    private static ChannelEvent data(String data) {
        return new ChannelEvent("", "", data);
    }

    @Test
    void idsGrowMonotonicallyAndAPublisherIdIsKept() throws Exception {
        BrokerChannel channel = new MemoryBroker(1 << 20).channel("c", new ChannelHistory(10, Duration.ofHours(1)));
        List<ChannelEvent> stored = channel.publish(List.of(data("a"), new ChannelEvent("own", "t", "b"), data("c")));
        assertEquals(List.of("1", "own", "3"), stored.stream().map(ChannelEvent::id).toList());
        assertEquals("t", stored.get(1).event());
        assertEquals(new Replay(true, List.of(stored.get(2))), channel.after("own", 10));
        assertEquals(Optional.of(stored.get(2)), channel.latest());
    }

    @Test
    void historyIsBoundedByEventsBytesAndAgeAndAnUnknownIdGetsTheWholeHistory() throws Exception {
        MemoryBroker broker = new MemoryBroker(10);
        BrokerChannel byEvents = broker.channel("e", new ChannelHistory(3, Duration.ofHours(1)));
        for (int i = 1; i <= 5; i++) {
            byEvents.publish(List.of(data("x")));
        }
        Replay whole = byEvents.after("1", 100);
        assertFalse(whole.found());
        assertEquals(List.of("3", "4", "5"), whole.events().stream().map(ChannelEvent::id).toList());
        assertEquals(List.of("4"), byEvents.after("3", 1).events().stream().map(ChannelEvent::id).toList());

        BrokerChannel byBytes = broker.channel("b", new ChannelHistory(100, Duration.ofHours(1)));
        byBytes.publish(List.of(data("12345"), data("12345"), data("1234567")));
        assertEquals(List.of("3"), byBytes.after("", 100).events().stream().map(ChannelEvent::id).toList());

        BrokerChannel byAge = broker.channel("a", new ChannelHistory(100, Duration.ofMillis(50)));
        byAge.publish(List.of(data("x")));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (byAge.latest().isPresent() && System.nanoTime() < end) {
            Thread.sleep(10); // polling for the age bound to pass
        }
        assertEquals(Optional.empty(), byAge.latest());
        assertSame(byAge, broker.channel("a", new ChannelHistory(100, Duration.ofMillis(50))));
    }

    @Test
    void aFollowerBlocksUntilAPublishAndReturnsEachEventOnce() throws Exception {
        MemoryBroker broker = new MemoryBroker(1 << 20);
        BrokerChannel channel = broker.channel("c", new ChannelHistory(100, Duration.ofHours(1)));
        channel.publish(List.of(data("before")));
        try (ChannelFollower fromNow = channel.follow(Optional.empty());
             ChannelFollower fromStart = channel.follow(Optional.of("1"))) {
            assertEquals(List.of(), fromNow.next(Duration.ofMillis(20)));
            CompletableFuture<List<ChannelEvent>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return fromNow.next(Duration.ofSeconds(10));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            channel.publish(List.of(data("one"), data("two")));
            assertEquals(List.of("2", "3"), waiting.get(5, TimeUnit.SECONDS).stream().map(ChannelEvent::id).toList());
            assertEquals(List.of("2", "3"), fromStart.next(Duration.ofSeconds(1)).stream().map(ChannelEvent::id)
                    .toList());
            assertEquals(List.of(), fromStart.next(Duration.ofMillis(20)));
            CompletableFuture<List<ChannelEvent>> closed = CompletableFuture.supplyAsync(() -> {
                try {
                    return fromStart.next(Duration.ofSeconds(30));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            broker.close();
            assertTrue(closed.get(5, TimeUnit.SECONDS).isEmpty(), "a close wakes a waiting follower");
        }
    }
}
