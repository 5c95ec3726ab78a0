package io.ssegateway.gateway.observe;

import io.helidon.config.Config;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.ssegateway.spi.GatewayMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** {@link GatewayMetrics} over a Helidon {@link MeterRegistry}: the one the admin port's {@code /observe/metrics} serves. */
public final class HelidonGatewayMetrics implements GatewayMetrics {
    private final MeterRegistry registry;

    private HelidonGatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Over Helidon's global registry (with the JVM meters): what a gateway process uses. Built from empty Helidon
     * config: like the rest of the gateway, metrics read no {@code application.yaml} or system properties.
     */
    public static HelidonGatewayMetrics global() {
        return new HelidonGatewayMetrics(MetricsFactory.getInstance(Config.empty()).globalRegistry());
    }

    /** Over a registry of its own, so that gateways started side by side in one JVM (tests) do not share meters. */
    public static HelidonGatewayMetrics isolated() {
        MetricsConfig config = MetricsConfig.builder().warnOnMultipleRegistries(false).build();
        return new HelidonGatewayMetrics(MetricsFactory.getInstance(Config.empty()).createMeterRegistry(config));
    }

    /** The registry. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public Counter counter(String name, String description, String... tags) {
        // Counter, Timer and Summary alone name this interface's nested types, so Helidon's are spelled out
        io.helidon.metrics.api.Counter counter = registry.getOrCreate(
                io.helidon.metrics.api.Counter.builder(checked(name)).description(description).tags(tags(tags)));
        return new Counter() {
            @Override
            public void increment() {
                counter.increment();
            }

            @Override
            public void increment(long amount) {
                counter.increment(amount);
            }

            @Override
            public long count() {
                return counter.count();
            }
        };
    }

    @Override
    public void gauge(String name, String description, LongSupplier value, String... tags) {
        registry.getOrCreate(Gauge.builder(checked(name), () -> value.getAsLong()).description(description)
                                     .tags(tags(tags)));
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        registry.getOrCreate(Gauge.builder(checked(name), () -> value.getAsDouble()).description(description)
                                     .tags(tags(tags)));
    }

    @Override
    public Timer timer(String name, String description, String... tags) {
        io.helidon.metrics.api.Timer timer = registry.getOrCreate(
                io.helidon.metrics.api.Timer.builder(checked(name)).description(description).tags(tags(tags)));
        return new Timer() {
            @Override
            public void record(long nanos) {
                timer.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public long count() {
                return timer.count();
            }
        };
    }

    @Override
    public Summary summary(String name, String description, String baseUnit, String... tags) {
        io.helidon.metrics.api.DistributionSummary summary = registry.getOrCreate(
                io.helidon.metrics.api.DistributionSummary.builder(checked(name)).description(description)
                        .baseUnit(baseUnit).tags(tags(tags)));
        return new Summary() {
            @Override
            public void record(double amount) {
                summary.record(amount);
            }

            @Override
            public long count() {
                return summary.count();
            }
        };
    }

    private static String checked(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a meter needs a name (got: " + name + ")");
        }
        return name;
    }

    private static List<Tag> tags(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("tags come as key, value pairs (got " + keysAndValues.length
                                               + " strings: " + Arrays.asList(keysAndValues) + ")");
        }
        List<Tag> tags = new ArrayList<>(keysAndValues.length / 2);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = keysAndValues[i];
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("a tag needs a key (got: " + key + ")");
            }
            tags.add(Tag.create(key, String.valueOf(keysAndValues[i + 1])));
        }
        return tags;
    }
}
