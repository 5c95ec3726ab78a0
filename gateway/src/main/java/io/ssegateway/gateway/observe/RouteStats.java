package io.ssegateway.gateway.observe;

import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.monitor.StreamMonitor;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's own always-on monitor of one route: counts what the dashboard shows (open streams, events, bytes,
 * closes by reason, errors by kind, rejections, resumes) and reports closes, errors and rejections to the
 * {@link RecentActivity}. Works whether or not the route has monitor plugins.
 */
public final class RouteStats implements StreamMonitor {
    /** Seconds of events-per-second history kept for the dashboard's chart. */
    public static final int HISTORY_SECONDS = 300;

    private final RouteSettings settings;
    private final RecentActivity recent;
    private final Map<Long, StreamInfo> open = new ConcurrentHashMap<>();
    private final LongAdder opened = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder closedBytes = new LongAdder();
    private final Map<CloseReason, LongAdder> closed = new EnumMap<>(CloseReason.class);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder resumeFailed = new LongAdder();
    private final RateHistory eventRate = new RateHistory(HISTORY_SECONDS);

    /** Stats of the route with these settings, reporting to {@code recent}. */
    public RouteStats(RouteSettings settings, RecentActivity recent) {
        this.settings = settings;
        this.recent = recent;
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason, new LongAdder());
        }
    }

    @Override
    public void streamOpened(StreamInfo stream) {
        open.put(stream.streamId(), stream);
        opened.increment();
    }

    @Override
    public void eventRelayed(StreamInfo stream, int eventBytes, long gatewayNanos) {
        events.increment(); // bytes are read off the open streams when asked: nothing more per event
    }

    @Override
    public void streamClosed(StreamInfo stream, CloseReason reason) {
        StreamInfo s = open.remove(stream.streamId());
        if (s == null) {
            return; // never opened: the client was gone before the response started
        }
        closedBytes.add(stream.bytes());
        closed.get(reason).increment();
        add(stream, "closed", reason.name());
    }

    @Override
    public void error(StreamInfo stream, String kind, Throwable error) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        add(stream, "error", kind);
    }

    @Override
    public void requestRejected(RequestView request, int status, String reason) {
        rejected.computeIfAbsent(status + " " + reason, k -> new LongAdder()).increment();
        recent.add(new Activity(Instant.now(), settings.id(), "rejected", reason.toLowerCase(Locale.ROOT), 0, "",
                                status, 0, 0));
    }

    @Override
    public void resumed(StreamInfo stream, boolean success) {
        (success ? resumed : resumeFailed).increment();
        add(stream, "resumed", success ? "success" : "failure");
    }

    /** Takes this second's events-per-second sample; called once a second. */
    public void sample(long nanos) {
        eventRate.sample(events.sum(), nanos);
    }

    /** The route's settings. */
    public RouteSettings settings() {
        return settings;
    }

    /** Streams open now. */
    public int openStreams() {
        return open.size();
    }

    /** Streams open now, by the upstream serving them. */
    public Map<String, Integer> openByUpstream() {
        Map<String, Integer> byUpstream = new TreeMap<>();
        for (StreamInfo s : open.values()) {
            byUpstream.merge(s.upstream(), 1, Integer::sum);
        }
        return byUpstream;
    }

    /** Streams opened since start. */
    public long opened() {
        return opened.sum();
    }

    /** Events relayed since start. */
    public long events() {
        return events.sum();
    }

    /** Bytes relayed since start: those of closed streams and what the open ones relayed so far. */
    public long bytes() {
        long sum = closedBytes.sum();
        for (StreamInfo s : open.values()) {
            sum += s.bytes();
        }
        return sum;
    }

    /** Streams closed since start, by reason (lower-case), reasons that never happened left out. */
    public Map<String, Long> closedByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        closed.forEach((reason, count) -> {
            if (count.sum() > 0) {
                byReason.put(reason.name().toLowerCase(Locale.ROOT), count.sum());
            }
        });
        return byReason;
    }

    /** Stream errors since start, by kind. */
    public Map<String, Long> errorsByKind() {
        return sums(errors);
    }

    /** Requests answered without a stream since start, by {@code "<status> <reason>"}. */
    public Map<String, Long> rejectedByReason() {
        return sums(rejected);
    }

    /** Successful mid-stream resumes since start. */
    public long resumes() {
        return resumed.sum();
    }

    /** Failed mid-stream resumes since start. */
    public long failedResumes() {
        return resumeFailed.sum();
    }

    /** Events per second over the last second. */
    public double eventsPerSecond() {
        return eventRate.latest();
    }

    /** Events per second, one sample a second, oldest first, at most {@link #HISTORY_SECONDS}. */
    public double[] eventRateHistory() {
        return eventRate.rates();
    }

    private void add(StreamInfo stream, String kind, String what) {
        recent.add(new Activity(Instant.now(), settings.id(), kind, what.toLowerCase(Locale.ROOT), stream.streamId(),
                                stream.upstream(), stream.status(), stream.events(),
                                Duration.between(stream.started(), Instant.now()).toMillis()));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> sums = new TreeMap<>();
        counters.forEach((key, count) -> sums.put(key, count.sum()));
        return sums;
    }
}
