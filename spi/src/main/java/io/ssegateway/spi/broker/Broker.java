package io.ssegateway.spi.broker;

import io.ssegateway.spi.Plugin;

/**
 * The store of all channels of one gateway (or of a fleet sharing it). The gateway makes one broker from the top-level
 * {@code broker { type = "..." }} config and asks it for each configured channel once at start. A broker instance is
 * used from many threads at once.
 *
 * @since SPI 1.2
 */
public interface Broker extends Plugin {
    /**
     * The channel with this name, kept with these history bounds. Called once per configured channel at start (and
     * again after a reload); must not block on the network (connect lazily, report failures from the channel's
     * methods).
     *
     * @param name    the channel's id from the config; letters, digits, {@code -}, {@code _} and {@code .}
     * @param history how much history to keep
     * @return the channel
     */
    BrokerChannel channel(String name, ChannelHistory history);
}
