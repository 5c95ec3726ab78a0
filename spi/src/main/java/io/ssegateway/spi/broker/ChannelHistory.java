package io.ssegateway.spi.broker;

import java.time.Duration;

/**
 * How much of a channel's past its broker keeps for replay, from the channel's {@code history { }} config. A broker
 * keeps at least the newest {@code events} events not older than {@code age}, and may drop events beyond either
 * bound (a Redis stream trims with {@code MAXLEN ~}, so it may keep a few more).
 *
 * @param events the most events kept; at least 1
 * @param age    the oldest event kept, counted from when it was published; positive
 * @since SPI 1.2
 */
public record ChannelHistory(int events, Duration age) {
    /** Checks the bounds. */
    public ChannelHistory {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, got " + events);
        }
        if (age == null || age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("age must be positive, got " + age);
        }
    }
}
