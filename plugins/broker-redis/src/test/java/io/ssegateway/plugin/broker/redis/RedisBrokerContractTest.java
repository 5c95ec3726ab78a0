package io.ssegateway.plugin.broker.redis;

import io.ssegateway.plugin.testkit.Await;
import io.ssegateway.spi.broker.BrokerContract;
import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.broker.ChannelHistory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The broker contract, and what only Redis does, against a real redis-server on a free loopback port shared by the
 * tests of this class. */
class RedisBrokerContractTest extends BrokerContract {
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected Broker newBroker() {
        return new RedisBrokerFactory().create(FakePluginConfig.of("uri", redis.uri(), "command-timeout", "2s"));
    }

    /** Redis entry ids, {@code <ms>-<seq>}, compare by milliseconds, then sequence. */
    @Override
    protected Comparator<String> idOrder() {
        return Comparator.comparing(StreamEntryID::new);
    }

    /** {@code MAXLEN ~} trims whole stream nodes: up to {@code stream-node-max-entries} (100) more may stay. */
    @Override
    protected int historySlack() {
        return 100;
    }

    @Override
    protected boolean instancesShareChannels() {
        return true;
    }

    /** Age is measured on Redis's clock at each publish, so even an instance's first publish trims what is too old. */
    @Test
    void theFirstPublishOfAnotherInstanceTrimsEventsOlderThanTheAge() throws Exception {
        String name = channelName();
        ChannelHistory history = new ChannelHistory(1000, Duration.ofMillis(300));
        ChannelEvent old = open(newBroker()).channel(name, history).publish(List.of(event("old"))).getFirst();
        long publishedAt = new StreamEntryID(old.id()).getTime();
        Await.until(() -> System.currentTimeMillis() > publishedAt + 400, Duration.ofSeconds(5));

        BrokerChannel other = open(newBroker()).channel(name, history);
        List<ChannelEvent> fresh = other.publish(List.of(event("fresh")));
        assertEquals(fresh, other.after("never-published", 10).events(), "only the fresh event is left");
    }
}
