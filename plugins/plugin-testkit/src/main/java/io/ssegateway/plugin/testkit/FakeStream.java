package io.ssegateway.plugin.testkit;

import io.ssegateway.spi.StreamInfo;

import java.time.Instant;

/** A StreamInfo with fixed values. */
public record FakeStream(long streamId, String routeId, String upstream, String clientAddress, String identity,
                         int status, Instant started, long events, long bytes) implements StreamInfo {

    /** Stream 1 on route {@code events}, served by {@code http://up-1:8081}, started at the epoch. */
    public static FakeStream simple() {
        return new FakeStream(1, "events", "http://up-1:8081", "10.0.0.7", "", 200, Instant.EPOCH, 0, 0);
    }
}
