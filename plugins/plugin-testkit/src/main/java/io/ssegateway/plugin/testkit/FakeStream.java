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

    /** Stream {@code id} on route {@code events}, started {@code agoMillis} ago, nothing relayed yet. */
    public static FakeStream startedAgo(long id, long agoMillis) {
        return new FakeStream(id, "events", "http://up-1:8081", "10.0.0.7", "", 200,
                              Instant.now().minusMillis(agoMillis), 0, 0);
    }

    /** This stream after one more event of {@code size} bytes. */
    public FakeStream relayed(int size) {
        return counted(1, size);
    }

    /** This stream with {@code moreEvents} and {@code moreBytes} added to its counters. */
    public FakeStream counted(long moreEvents, long moreBytes) {
        return new FakeStream(streamId, routeId, upstream, clientAddress, identity, status, started,
                              events + moreEvents, bytes + moreBytes);
    }
}
