package io.ssegateway.plugin.broker.redis;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.broker.BrokerFactory;

/**
 * Makes the {@code redis} broker: {@code broker { type = "redis", uri = "redis://127.0.0.1:6379" }}. Config keys:
 * <ul>
 *     <li>{@code uri} (required): {@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://} for TLS; the
 *     password is never shown in a message or log</li>
 *     <li>{@code username}, {@code password}: the credentials, when they are not in the URI (so that the password
 *     can come from the environment: {@code password = ${?REDIS_PASSWORD}})</li>
 *     <li>{@code connect-timeout} (default 2s), {@code command-timeout} (default 2s): how long opening a connection
 *     and a command's answer may take before the broker reports Redis unavailable</li>
 *     <li>{@code key-prefix} (default {@code sse-gateway:}): each channel is the stream
 *     {@code <key-prefix>channel:<name>}</li>
 *     <li>{@code max-connections} (default 16): pooled connections for publishing and history; each follower has
 *     its own</li>
 * </ul>
 * Making the broker opens no connection: Redis may be down when the gateway starts.
 */
public final class RedisBrokerFactory implements BrokerFactory {
    /** The factory the ServiceLoader instantiates. */
    public RedisBrokerFactory() {
    }

    @Override
    public String name() {
        return "redis";
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
    public Broker create(PluginConfig config) {
        return new RedisBroker(RedisBrokerOptions.read(config));
    }
}
