package io.ssegateway.plugin.monitor.metrics;

import io.ssegateway.spi.GatewayMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** A GatewayMetrics that keeps every meter in maps keyed by name and tags, for tests to read. */
final class RecordingMetrics implements GatewayMetrics {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> timers = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    static String key(String name, String... tags) {
        return name + Arrays.toString(tags);
    }

    /** A counter's count; fails if it was never created. */
    long count(String name, String... tags) {
        AtomicLong count = counters.get(key(name, tags));
        if (count == null) {
            throw new AssertionError("no counter " + key(name, tags) + "; counters: " + counters.keySet());
        }
        return count.get();
    }

    /** Whether a counter was created. */
    boolean hasCounter(String name, String... tags) {
        return counters.containsKey(key(name, tags));
    }

    /** A timer's recorded nanoseconds; fails if it was never created. */
    List<Long> timings(String name, String... tags) {
        List<Long> timings = timers.get(key(name, tags));
        if (timings == null) {
            throw new AssertionError("no timer " + key(name, tags) + "; timers: " + timers.keySet());
        }
        return new ArrayList<>(timings);
    }

    /** A gauge's value now; fails if it was never created. */
    double gauge(String name, String... tags) {
        DoubleSupplier gauge = gauges.get(key(name, tags));
        if (gauge == null) {
            throw new AssertionError("no gauge " + key(name, tags) + "; gauges: " + gauges.keySet());
        }
        return gauge.getAsDouble();
    }

    @Override
    public Counter counter(String name, String description, String... tags) {
        AtomicLong count = counters.computeIfAbsent(key(name, tags), k -> new AtomicLong());
        return new Counter() {
            @Override
            public void increment() {
                count.incrementAndGet();
            }

            @Override
            public void increment(long amount) {
                count.addAndGet(amount);
            }

            @Override
            public long count() {
                return count.get();
            }
        };
    }

    @Override
    public void gauge(String name, String description, LongSupplier value, String... tags) {
        gauges.putIfAbsent(key(name, tags), value::getAsLong);
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        gauges.putIfAbsent(key(name, tags), value);
    }

    @Override
    public Timer timer(String name, String description, String... tags) {
        List<Long> timings = timers.computeIfAbsent(key(name, tags), k -> new CopyOnWriteArrayList<>());
        return new Timer() {
            @Override
            public void record(long nanos) {
                timings.add(nanos);
            }

            @Override
            public long count() {
                return timings.size();
            }
        };
    }

    @Override
    public Summary summary(String name, String description, String baseUnit, String... tags) {
        throw new UnsupportedOperationException("the metrics monitor has no summaries");
    }
}
