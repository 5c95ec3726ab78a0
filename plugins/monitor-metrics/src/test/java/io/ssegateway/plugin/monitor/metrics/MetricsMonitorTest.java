package io.ssegateway.plugin.monitor.metrics;

import io.ssegateway.plugin.testkit.Registration;
import io.ssegateway.plugin.testkit.FakeStream;
import io.ssegateway.spi.GatewayMetrics;
import io.ssegateway.spi.PluginContext;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.monitor.StreamMonitor;
import io.ssegateway.spi.monitor.StreamMonitorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class MetricsMonitorTest {
    private static final String R = "route";
    private static final String ID = "prices";

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final StreamMonitor monitor = new MetricsMonitorFactory().create(null, new PluginContext() {
        @Override
        public String routeId() {
            return ID;
        }

        @Override
        public GatewayMetrics metrics() {
            return metrics;
        }
    });

    @Test
    void everyMeterWithKnownTagsExistsAtZeroBeforeTheFirstStream() {
        assertEquals(0.0, metrics.gauge("sse.gateway.streams.open", R, ID));
        assertEquals(0, metrics.count("sse.gateway.streams.opened", R, ID));
        for (CloseReason reason : CloseReason.values()) {
            assertEquals(0, metrics.count("sse.gateway.streams.closed", R, ID, "reason",
                                          reason.name().toLowerCase(Locale.ROOT)));
        }
        assertEquals(0, metrics.count("sse.gateway.events.relayed", R, ID));
        assertEquals(0, metrics.count("sse.gateway.bytes.relayed", R, ID));
        assertEquals(0, metrics.count("sse.gateway.resumes", R, ID, "outcome", "success"));
        assertEquals(0, metrics.count("sse.gateway.resumes", R, ID, "outcome", "failure"));
        for (String timer : List.of("sse.gateway.first.event", "sse.gateway.stream.duration",
                                    "sse.gateway.event.delay")) {
            assertEquals(List.of(), metrics.timings(timer, R, ID));
        }
    }

    @Test
    void aStreamMovesTheGaugeCountersAndTimersFromOpenToClose() {
        FakeStream s = FakeStream.startedAgo(7, 50);
        monitor.streamOpened(s);
        assertEquals(1.0, metrics.gauge("sse.gateway.streams.open", R, ID));

        s = s.relayed(10);
        monitor.eventRelayed(s, 10, 1_000);
        s = s.relayed(5);
        monitor.eventRelayed(s, 5, 2_000);
        s = s.counted(0, 3); // the start of an event the upstream never finished
        monitor.streamClosed(s, CloseReason.UPSTREAM_ENDED);

        assertEquals(0.0, metrics.gauge("sse.gateway.streams.open", R, ID));
        assertEquals(1, metrics.count("sse.gateway.streams.opened", R, ID));
        assertEquals(1, metrics.count("sse.gateway.streams.closed", R, ID, "reason", "upstream_ended"));
        assertEquals(2, metrics.count("sse.gateway.events.relayed", R, ID));
        assertEquals(18, metrics.count("sse.gateway.bytes.relayed", R, ID));
        assertEquals(List.of(1_000L, 2_000L), metrics.timings("sse.gateway.event.delay", R, ID));
        List<Long> firstEvent = metrics.timings("sse.gateway.first.event", R, ID);
        assertEquals(1, firstEvent.size(), "only the first event counts");
        assertTrue(firstEvent.getFirst() >= 50_000_000L, "from the request 50 ms ago: " + firstEvent);
        List<Long> duration = metrics.timings("sse.gateway.stream.duration", R, ID);
        assertEquals(1, duration.size());
        assertTrue(duration.getFirst() >= firstEvent.getFirst(), duration + " vs " + firstEvent);
    }

    @Test
    void theEventsOfOneWriteAreEachCountedAndGiveOneDelaySample() {
        FakeStream s = FakeStream.startedAgo(8, 0);
        monitor.streamOpened(s);
        s = s.counted(3, 30); // the gateway counts the three events of one write, then reports each
        for (int k = 0; k < 3; k++) {
            monitor.eventRelayed(s, 10, 4_000);
        }
        s = s.relayed(7);
        monitor.eventRelayed(s, 7, 4_000); // the next write, by chance with the same delay

        assertEquals(4, metrics.count("sse.gateway.events.relayed", R, ID));
        assertEquals(37, metrics.count("sse.gateway.bytes.relayed", R, ID));
        assertEquals(List.of(4_000L, 4_000L), metrics.timings("sse.gateway.event.delay", R, ID), "one per write");
    }

    @Test
    void aCloseWithoutAnOpenCountsNothing() {
        monitor.streamClosed(FakeStream.startedAgo(9, 0), CloseReason.CLIENT_GONE);

        assertEquals(0, metrics.count("sse.gateway.streams.closed", R, ID, "reason", "client_gone"));
        assertEquals(List.of(), metrics.timings("sse.gateway.stream.duration", R, ID));
        assertEquals(0.0, metrics.gauge("sse.gateway.streams.open", R, ID));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "401, auth_denied,          auth",
            "403, auth_denied,          auth",
            "429, too_many_streams,     limit",
            "503, route_full,           limit",
            "502, upstream_unreachable, other",
            "500, auth_error,           other"})
    void everyRejectionCountsByStatusAndReasonAndAuthAndLimitOnesAlsoOnTheirOwn(int status, String reason,
                                                                              String which) {
        monitor.requestRejected(null, status, reason);

        String code = String.valueOf(status);
        assertEquals(1, metrics.count("sse.gateway.requests.rejected", R, ID, "status", code, "reason", reason));
        assertEquals(which.equals("auth"), metrics.hasCounter("sse.gateway.auth.denials", R, ID, "status", code));
        assertEquals(which.equals("limit"),
                     metrics.hasCounter("sse.gateway.limit.rejections", R, ID, "status", code));
    }

    @Test
    void errorsCountByKindAndResumesByOutcome() {
        FakeStream s = FakeStream.startedAgo(3, 0);
        monitor.error(s, "upstream_unreachable", new RuntimeException());
        monitor.error(s, "upstream_unreachable", new RuntimeException());
        monitor.error(s, "transform", new RuntimeException());
        monitor.resumed(s, true);
        monitor.resumed(s, true);
        monitor.resumed(s, false);

        assertEquals(2, metrics.count("sse.gateway.errors", R, ID, "kind", "upstream_unreachable"));
        assertEquals(1, metrics.count("sse.gateway.errors", R, ID, "kind", "transform"));
        assertEquals(2, metrics.count("sse.gateway.resumes", R, ID, "outcome", "success"));
        assertEquals(1, metrics.count("sse.gateway.resumes", R, ID, "outcome", "failure"));
    }

    @Test
    void theFactoryIsFoundAsMetricsAndNeedsTheGatewaysContext() {
        StreamMonitorFactory factory = Registration.assertRegistered(StreamMonitorFactory.class, "metrics",
                                                                     MetricsMonitorFactory.class);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                                                       () -> factory.create(null));
        assertTrue(e.getMessage().contains("create(config, context)"), e.getMessage());
    }
}
