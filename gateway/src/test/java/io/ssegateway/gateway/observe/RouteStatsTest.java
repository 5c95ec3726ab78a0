package io.ssegateway.gateway.observe;

import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.config.Timeouts;
import io.ssegateway.spi.monitor.CloseReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class RouteStatsTest {
    private static final String A = "http://a:1";
    private static final String B = "http://b:2";
    private static final RouteSettings ROUTE = new RouteSettings(
            "events", "/events", List.of(URI.create(A), URI.create(B)), false, Duration.ofSeconds(15),
            OnUpstreamError.RETRY, new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)),
            1024, Optional.empty(), Optional.empty(), List.of(), List.of());

    private final RecentActivity recent = new RecentActivity(3);
    private final RouteStats stats = new RouteStats(ROUTE, recent);

    @Test
    void openStreamsAreCountedByUpstreamUntilTheyClose() {
        FakeStream one = new FakeStream(1, A);
        FakeStream two = new FakeStream(2, A);
        FakeStream three = new FakeStream(3, B);
        stats.streamOpened(one);
        stats.streamOpened(two);
        stats.streamOpened(three);
        stats.streamClosed(two, CloseReason.CLIENT_GONE);

        assertEquals(2, stats.openStreams());
        assertEquals(Map.of(A, 1, B, 1), stats.openByUpstream());
        assertEquals(3, stats.opened());
        assertEquals(Map.of("client_gone", 1L), stats.closedByReason());
    }

    @Test
    void bytesCountAsEventsCompleteAndTheRestWhenTheStreamCloses() {
        FakeStream s = new FakeStream(1, A);
        stats.streamOpened(s);
        stats.eventRelayed(s.relayed(10), 10, 1000);
        stats.eventRelayed(s.relayed(5), 5, 1000);
        assertEquals(15, stats.bytes());
        assertEquals(2, stats.events());

        s.bytes += 7; // a partial event, then the upstream ends
        stats.streamClosed(s, CloseReason.UPSTREAM_ENDED);
        assertEquals(22, stats.bytes());
    }

    @Test
    void aCloseWithoutAnOpenIsNotCounted() {
        stats.streamClosed(new FakeStream(9, A), CloseReason.CLIENT_GONE);

        assertEquals(Map.of(), stats.closedByReason());
        assertEquals(List.of(), recent.latest());
    }

    @Test
    void errorsRejectionsAndResumesAreCountedAndTheLatestKeptNewestFirst() {
        FakeStream s = new FakeStream(4, B);
        stats.streamOpened(s);
        stats.error(s, "upstream_unreachable", new RuntimeException("refused"));
        stats.error(s, "upstream_unreachable", new RuntimeException("refused"));
        stats.requestRejected(null, 401, "auth_denied");
        stats.resumed(s, true);
        stats.resumed(s, false);

        assertEquals(Map.of("upstream_unreachable", 2L), stats.errorsByKind());
        assertEquals(Map.of("401 auth_denied", 1L), stats.rejectedByReason());
        assertEquals(1, stats.resumes());
        assertEquals(1, stats.failedResumes());
        // capacity 3: the first error fell out
        assertEquals(List.of("resumed failure", "resumed success", "rejected auth_denied"),
                     recent.latest().stream().map(a -> a.kind() + " " + a.what()).toList());
        assertEquals(B, recent.latest().getFirst().upstream());
    }

    @Test
    void theEventRateIsSampledOnceASecondFromTheTotal() {
        FakeStream s = new FakeStream(1, A);
        stats.streamOpened(s);
        stats.sample(0);
        for (int i = 0; i < 4; i++) {
            stats.eventRelayed(s.relayed(1), 1, 0);
        }
        stats.sample(1_000_000_000L);
        stats.eventRelayed(s.relayed(1), 1, 0);
        stats.sample(3_000_000_000L);

        assertArrayEquals(new double[] {4.0, 0.5}, stats.eventRateHistory());
        assertEquals(0.5, stats.eventsPerSecond());
    }

    @Test
    void theHistoryKeepsOnlyTheLastFiveMinutes() {
        for (int second = 0; second <= RouteStats.HISTORY_SECONDS + 10; second++) {
            stats.sample(second * 1_000_000_000L);
        }
        assertEquals(RouteStats.HISTORY_SECONDS, stats.eventRateHistory().length);
    }
}
