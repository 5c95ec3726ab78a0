package io.ssegateway.gateway.observe;

import io.ssegateway.spi.StreamInfo;

import java.time.Instant;

/** A stream whose counters the test moves by hand. */
final class FakeStream implements StreamInfo {
    private final long id;
    private final String upstream;
    private final Instant started = Instant.now();
    long events;
    long bytes;

    FakeStream(long id, String upstream) {
        this.id = id;
        this.upstream = upstream;
    }

    /** One event of {@code size} bytes relayed. */
    FakeStream relayed(int size) {
        events++;
        bytes += size;
        return this;
    }

    @Override
    public long streamId() {
        return id;
    }

    @Override
    public String routeId() {
        return "events";
    }

    @Override
    public String upstream() {
        return upstream;
    }

    @Override
    public String clientAddress() {
        return "127.0.0.1";
    }

    @Override
    public String identity() {
        return "";
    }

    @Override
    public int status() {
        return 200;
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public long events() {
        return events;
    }

    @Override
    public long bytes() {
        return bytes;
    }
}
