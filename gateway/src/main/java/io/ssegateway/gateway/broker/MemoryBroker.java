package io.ssegateway.gateway.broker;

import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.ChannelHistory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in broker: channels in this gateway's memory, each a {@link MemoryChannel} bounded by its history's
 * events and age and by {@code history-bytes}. Asking twice for a name gives the same channel.
 */
public final class MemoryBroker implements Broker {
    private final long historyBytes;
    private final Map<String, MemoryChannel> channels = new ConcurrentHashMap<>();

    /** A broker whose channels keep at most {@code historyBytes} of event data each. */
    public MemoryBroker(long historyBytes) {
        this.historyBytes = historyBytes;
    }

    @Override
    public BrokerChannel channel(String name, ChannelHistory history) {
        return channels.computeIfAbsent(name, n -> new MemoryChannel(n, history, historyBytes));
    }

    @Override
    public void close() {
        channels.values().forEach(MemoryChannel::close);
    }
}
