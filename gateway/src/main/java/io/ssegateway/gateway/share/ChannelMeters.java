package io.ssegateway.gateway.share;

import io.ssegateway.gateway.poll.SourcePoller;
import io.ssegateway.spi.GatewayMetrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Each channel's meters on the admin port's {@code /observe/metrics}, tagged {@code channel=<id>} (a polled route
 * counts as a channel of its id), and each polled route's {@code sse.gateway.poll.*}, tagged {@code route=<id>}.
 */
public final class ChannelMeters {
    /** The prefix of every channel meter. */
    static final String PREFIX = "sse.gateway.channel.";

    /**
     * The channels the gauges read, by id: the gateway started last in this JVM. Helidon keeps the first gauge of a
     * name and tags for the whole JVM (see {@link ShareMeters}), so the gauges read through this map.
     */
    private static final Map<String, ChannelFanout> CURRENT = new ConcurrentHashMap<>();
    /** The pollers the poll gauges read, by route id (as {@link #CURRENT}). */
    private static final Map<String, SourcePoller> POLLERS = new ConcurrentHashMap<>();

    private ChannelMeters() {
    }

    /** Registers the meters of these channels in {@code metrics}. */
    public static void register(List<Channel> channels, GatewayMetrics metrics) {
        for (Channel channel : channels) {
            CURRENT.put(channel.id(), channel.fanout());
            gauge(metrics, channel.id(), "published", "Events published to the channel through this instance",
                  ChannelFanout::published);
            gauge(metrics, channel.id(), "delivered", "Channel events written to subscribers (SSE, NDJSON,"
                  + " long-poll) by this instance", ChannelFanout::delivered);
            gauge(metrics, channel.id(), "subscribers", "Streaming subscribers of the channel on this instance now",
                  ChannelFanout::subscribers);
            gauge(metrics, channel.id(), "history.size", "Channel events kept for replay on this instance now",
                  ChannelFanout::historySize);
            gauge(metrics, channel.id(), "broker.errors", "Broker calls for the channel that failed",
                  ChannelFanout::brokerErrors);
            gauge(metrics, channel.id(), "gaps", "Subscribers whose Last-Event-ID was no longer in history (they"
                  + " got the whole history kept)", ChannelFanout::gaps);
            gauge(metrics, channel.id(), "slow.clients", "Subscribers closed for falling behind by more than"
                  + " max-queue", ChannelFanout::slowClients);
            channel.poller().ifPresent(poller -> {
                POLLERS.put(channel.id(), poller);
                pollGauge(metrics, channel.id(), "requests", "Requests a polled route made to its origin",
                          SourcePoller::requests);
                pollGauge(metrics, channel.id(), "not.modified", "Polls the origin answered 304 Not Modified",
                          SourcePoller::notModified);
                pollGauge(metrics, channel.id(), "errors", "Polls that failed (no answer in time, or not 2xx/304)",
                          SourcePoller::errors);
                pollGauge(metrics, channel.id(), "changes", "Events a polled route published (changes of the body)",
                          SourcePoller::changes);
            });
        }
    }

    private static void pollGauge(GatewayMetrics metrics, String id, String name, String description,
                                  ToLongFunction<SourcePoller> value) {
        metrics.gauge("sse.gateway.poll." + name, description, () -> {
            SourcePoller poller = POLLERS.get(id);
            return poller == null ? 0 : value.applyAsLong(poller);
        }, "route", id);
    }

    private static void gauge(GatewayMetrics metrics, String id, String name, String description,
                              ToLongFunction<ChannelFanout> value) {
        metrics.gauge(PREFIX + name, description, () -> {
            ChannelFanout fanout = CURRENT.get(id);
            return fanout == null ? 0 : value.applyAsLong(fanout);
        }, "channel", id);
    }
}
