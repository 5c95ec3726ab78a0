package io.ssegateway.plugin.broker.redis;

import io.ssegateway.plugin.testkit.BrokerContract;
import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.spi.broker.Broker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.StreamEntryID;

import java.util.Comparator;

/** The broker contract against a real redis-server on a free loopback port, shared by the tests of this class. */
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
}
