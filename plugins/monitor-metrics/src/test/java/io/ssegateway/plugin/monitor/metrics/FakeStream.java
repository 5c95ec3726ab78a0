package io.ssegateway.plugin.monitor.metrics;

import io.ssegateway.spi.StreamInfo;

import java.time.Instant;

/** A stream that started {@code agoMillis} ago, whose counters the test moves by hand. */
final class FakeStream implements StreamInfo {
    private final long id;
    private final Instant started;
    long events;
    long bytes;

    FakeStream(long id, long agoMillis) {
        this.id = id;
        this.started = Instant.now().minusMillis(agoMillis);
    }

    /** One more event of {@code size} bytes. */
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
        return "prices";
    }

    @Override
    public String upstream() {
        return "http://a:1";
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
