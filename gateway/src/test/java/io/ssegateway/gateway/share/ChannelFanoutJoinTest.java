package io.ssegateway.gateway.share;

import io.ssegateway.gateway.broker.MemoryBroker;
import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.broker.ChannelHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscriber joining one instance's fan-out with a {@code Last-Event-ID} that the broker has but this instance's
 * follower has not read yet (a client of a fleet moving to another gateway; a gateway still reading the history at
 * start): it gets what follows that id from this instance, every event once, in order.
 */
@Timeout(20)
class ChannelFanoutJoinTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aSubscriberJoiningWithAnIdTheBrokerHasBeforeThisInstanceReadItGetsWhatFollowsItOnceInOrder()
            throws Exception {
        // one store shared by every instance (as Redis is); this instance has read nothing of it yet
        BrokerChannel store = new MemoryBroker(1 << 20).channel("news", new ChannelHistory(100, HOUR));
        store.publish(List.of(event("one"), event("two"), event("three")));
        ChannelFanout instance = new ChannelFanout("news", store, 100, HOUR, 1 << 20);
        ClientQueue queue = new ClientQueue(1 << 20);
        AtomicBoolean joined = new AtomicBoolean();
        Thread subscriber = Thread.ofVirtual().start(() -> {
            instance.join(queue, ChannelFanout.Format.SSE, "1");
            joined.set(true);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!joined.get() && subscriber.getState() != Thread.State.TIMED_WAITING
               && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polling for the join to wait or be done
        }
        try {
            instance.start();
            subscriber.join(5_000);
            assertTrue(joined.get(), "the join returned once the follower had read the history");
            store.publish(List.of(event("four")));
            List<String> ids = new ArrayList<>();
            while (ids.size() < 3) {
                SharedEvent next = queue.next(TimeUnit.SECONDS.toNanos(5));
                if (next == null) {
                    break;
                }
                ids.add(next.id());
            }
            assertEquals(List.of("2", "3", "4"), ids, "what follows id 1, each once, in order");
            assertEquals(0, instance.gaps(), "the id was not taken for an unknown one");
        } finally {
            instance.close();
        }
    }

    private static ChannelEvent event(String data) {
        return new ChannelEvent("", "", data);
    }
}
