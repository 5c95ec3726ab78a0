package io.ssegateway.spi;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The gateway's metrics registry as a plugin sees it. Meters are created on first use; asking again with the same
 * name and tags returns the same meter. Names are dotted and lower-case ({@code myplugin.cache.hits}); Prometheus
 * shows them with underscores ({@code myplugin_cache_hits_total}). Tags are given as key, value pairs
 * ({@code "route", "events", "reason", "client_gone"}); every meter of one name must use the same tag keys.
 * Methods throw {@link IllegalArgumentException} on an odd number of tag strings or a blank name or tag key.
 */
public interface GatewayMetrics {
    /** A monotonic counter. */
    Counter counter(String name, String description, String... tags);

    /** A gauge whose value is read from {@code value} whenever the metrics are scraped; keep it quick. */
    void gauge(String name, String description, LongSupplier value, String... tags);

    /** A gauge whose value is read from {@code value} whenever the metrics are scraped; keep it quick. */
    void gauge(String name, String description, DoubleSupplier value, String... tags);

    /** A timer for durations; Prometheus shows it in seconds with a count, a sum, a max and quantiles. */
    Timer timer(String name, String description, String... tags);

    /** A distribution of amounts such as sizes, in {@code baseUnit} (e.g. {@code bytes}). */
    Summary summary(String name, String description, String baseUnit, String... tags);

    /** A monotonic counter. */
    interface Counter {
        /** Adds one. */
        void increment();

        /** Adds {@code amount} (not negative). */
        void increment(long amount);

        /** The count so far. */
        long count();
    }

    /** Records durations. */
    interface Timer {
        /** Records one duration in nanoseconds. */
        void record(long nanos);

        /** How many durations were recorded. */
        long count();
    }

    /** Records amounts. */
    interface Summary {
        /** Records one amount. */
        void record(double amount);

        /** How many amounts were recorded. */
        long count();
    }
}
