package io.ssegateway.gateway.observe;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.Tag;
import io.ssegateway.spi.GatewayMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(20)
class HelidonGatewayMetricsTest {
    private final HelidonGatewayMetrics metrics = HelidonGatewayMetrics.isolated();

    @Test
    void aCounterIsTheSameMeterForTheSameNameAndTags() {
        metrics.counter("t.closed", "closes", "route", "a", "reason", "x").increment();
        metrics.counter("t.closed", "closes", "route", "a", "reason", "x").increment(2);
        metrics.counter("t.closed", "closes", "route", "a", "reason", "y").increment();

        assertEquals(3, metrics.counter("t.closed", "closes", "route", "a", "reason", "x").count());
        io.helidon.metrics.api.Counter helidon = metrics.registry()
                .counter("t.closed", List.of(Tag.create("route", "a"), Tag.create("reason", "y"))).orElseThrow();
        assertEquals(1, helidon.count());
    }

    @Test
    void aGaugeReadsItsSupplierEachTime() {
        AtomicLong open = new AtomicLong(3);
        metrics.gauge("t.open", "open", open::get, "route", "a");
        metrics.gauge("t.ratio", "ratio", () -> 0.25, "route", "a");
        Gauge<?> gauge = metrics.registry().gauge("t.open", List.of(Tag.create("route", "a"))).orElseThrow();

        assertEquals(3.0, gauge.value().doubleValue());
        open.set(5);
        assertEquals(5.0, gauge.value().doubleValue());
        assertEquals(0.25, metrics.registry().gauge("t.ratio", List.of(Tag.create("route", "a"))).orElseThrow()
                .value().doubleValue());
    }

    @Test
    void timersAndSummariesRecord() {
        GatewayMetrics.Timer timer = metrics.timer("t.delay", "delay", "route", "a");
        timer.record(2_000_000);
        timer.record(4_000_000);
        metrics.summary("t.size", "sizes", "bytes", "route", "a").record(100);

        assertEquals(2, timer.count());
        assertEquals(6.0, metrics.registry().timer("t.delay", List.of(Tag.create("route", "a"))).orElseThrow()
                .totalTime(TimeUnit.MILLISECONDS), 0.001);
        Meter summary = metrics.registry().summary("t.size", List.of(Tag.create("route", "a"))).orElseThrow();
        assertEquals("bytes", summary.baseUnit().orElseThrow());
    }

    @Test
    void badNamesAndTagsAreRefusedWithWhatWasGiven() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                                                    () -> metrics.counter("t.x", "x", "route"));
        assertEquals("tags come as key, value pairs (got 1 strings: [route])", odd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> metrics.counter(" ", "x"));
        assertThrows(IllegalArgumentException.class, () -> metrics.timer("t.y", "y", "", "v"));
    }
}
