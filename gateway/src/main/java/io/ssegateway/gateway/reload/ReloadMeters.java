package io.ssegateway.gateway.reload;

import io.ssegateway.spi.GatewayMetrics;

/**
 * The reload meters: {@code sse.gateway.config.generation} (the generation new streams get),
 * {@code sse.gateway.config.loaded.seconds} (when it was loaded, epoch seconds), {@code
 * sse.gateway.config.requests{generation=current|older}} (open requests, streams among them, on the current
 * generation and on older ones still draining), and {@code sse.gateway.config.reloads{outcome=applied|unchanged|
 * failed}} (a counter).
 */
final class ReloadMeters {
    static final String PREFIX = "sse.gateway.config.";
    /** The reloader the gauges read: the gateway started last in this JVM (Helidon keeps the first gauge of a name). */
    private static volatile Reloader current;

    private ReloadMeters() {
    }

    static void register(Reloader reloader, GatewayMetrics metrics) {
        current = reloader;
        metrics.gauge(PREFIX + "generation", "The config generation new streams get (1 at start, +1 per applied"
                + " reload)", () -> current.generation());
        metrics.gauge(PREFIX + "loaded.seconds", "When the current config generation was loaded (epoch seconds)",
                      () -> current.loadedAt().getEpochSecond());
        metrics.gauge(PREFIX + "requests", "Open requests (streams among them) on the current config generation",
                      () -> current.openOnCurrent(), "generation", "current");
        metrics.gauge(PREFIX + "requests", "Open requests (streams among them) on older config generations",
                      () -> current.openOnOlder(), "generation", "older");
    }

    static void reloaded(GatewayMetrics metrics, String outcome) {
        metrics.counter(PREFIX + "reloads", "Reloads by outcome", "outcome", outcome).increment();
    }
}
