package io.ssegateway.gateway.share;

import io.ssegateway.spi.GatewayMetrics;

import java.util.function.LongSupplier;

/** The shared streams' meters on the admin port's {@code /observe/metrics}. */
public final class ShareMeters {
    /** The prefix every gateway meter has. */
    static final String PREFIX = "sse.gateway.shared.";

    /**
     * The registry the gauges read: the gateway started last in this JVM. Helidon keeps the first gauge of a name
     * and tags for the whole JVM, even across registries made apart (tests start one gateway after another; a
     * process runs one), so the gauges read through this instead of holding the first registry they were given.
     */
    private static volatile ShareRegistry current;

    private ShareMeters() {
    }

    /** Registers the meters of {@code shares} in {@code metrics}. */
    public static void register(ShareRegistry shares, GatewayMetrics metrics) {
        current = shares;
        gauge(metrics, "streams.open", "Shared upstream streams open now",
                      () -> (long) current.streams().size());
        gauge(metrics, "clients", "Clients on shared streams now", () -> current.clients());
        gauge(metrics, "clients.max", "Clients on the shared stream that has the most now",
                      () -> current.streams().stream().mapToLong(SharedStream::clientCount).max().orElse(0));
        gauge(metrics, "upstream.opened", "Shared upstream streams opened so far", () -> current.opened());
        gauge(metrics, "upstream.saved", "Upstream streams saved: clients that joined a shared stream"
                      + " instead of opening one", () -> current.saved());
        gauge(metrics, "replays", "Clients served the events they missed from a replay buffer",
                      () -> current.replays());
        gauge(metrics, "replay.misses", "Clients whose Last-Event-ID was not in the replay buffer (they got"
                      + " private upstream streams)", () -> current.replayMisses());
        gauge(metrics, "caught.up", "Clients served privately (Last-Event-ID not in the replay buffer) that"
                      + " joined the shared stream once caught up, their private upstream closed",
                      () -> current.caughtUp());
        gauge(metrics, "slow.clients", "Clients closed for falling behind by more than max-queue",
                      () -> current.slowClients());
        gauge(metrics, "resumes", "Shared upstream streams resumed after they broke", () -> current.resumes());
    }

    private static void gauge(GatewayMetrics metrics, String name, String description, LongSupplier value) {
        metrics.gauge(PREFIX + name, description, value);
    }
}
