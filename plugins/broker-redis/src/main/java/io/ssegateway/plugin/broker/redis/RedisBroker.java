package io.ssegateway.plugin.broker.redis;

import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.ChannelHistory;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channels kept in Redis streams, one stream per channel ({@code <key-prefix>channel:<name>}), shared by every
 * gateway instance configured with the same Redis and key prefix. Connects lazily: a Redis that is down when the
 * gateway starts only makes the channels' calls fail until it is back.
 */
final class RedisBroker implements Broker {
    private final RedisBrokerOptions options;
    private final RedisConnections redis;
    private final Set<RedisFollower> followers = ConcurrentHashMap.newKeySet();

    RedisBroker(RedisBrokerOptions options) {
        this.options = options;
        this.redis = new RedisConnections(options);
    }

    @Override
    public BrokerChannel channel(String name, ChannelHistory history) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(history, "history");
        return new RedisChannel(name, options.streamKey(name), history, redis, followers);
    }

    /** Closes the followers still open, then the pooled connections. */
    @Override
    public void close() {
        for (RedisFollower follower : List.copyOf(followers)) {
            follower.close();
        }
        redis.close();
    }

    @Override
    public String toString() {
        return "redis broker at " + options.endpoint().masked();
    }
}
