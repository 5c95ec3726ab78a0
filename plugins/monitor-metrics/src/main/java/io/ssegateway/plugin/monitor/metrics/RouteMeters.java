package io.ssegateway.plugin.monitor.metrics;

import io.ssegateway.spi.GatewayMetrics;
import io.ssegateway.spi.monitor.CloseReason;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The meters of one route, every one tagged {@code route=<id>}. The names as Prometheus shows them (explained in
 * docs/observability.md): {@code sse_gateway_streams_open}, {@code sse_gateway_streams_opened_total},
 * {@code sse_gateway_streams_closed_total{reason}}, {@code sse_gateway_events_relayed_total},
 * {@code sse_gateway_bytes_relayed_total}, {@code sse_gateway_errors_total{kind}},
 * {@code sse_gateway_resumes_total{outcome}}, {@code sse_gateway_auth_denials_total{status}},
 * {@code sse_gateway_limit_rejections_total{status}}, {@code sse_gateway_requests_rejected_total{status,reason}},
 * {@code sse_gateway_first_event_seconds}, {@code sse_gateway_stream_duration_seconds} and
 * {@code sse_gateway_event_delay_seconds}. Meters whose tags are known up front exist from the start, at zero.
 */
final class RouteMeters {
    static final String PREFIX = "sse.gateway.";

    private final GatewayMetrics metrics;
    private final String routeId;
    private final GatewayMetrics.Counter opened;
    private final Map<CloseReason, GatewayMetrics.Counter> closed = new EnumMap<>(CloseReason.class);
    private final GatewayMetrics.Counter events;
    private final GatewayMetrics.Counter bytes;
    private final GatewayMetrics.Counter resumed;
    private final GatewayMetrics.Counter resumeFailed;
    private final GatewayMetrics.Timer firstEvent;
    private final GatewayMetrics.Timer duration;
    private final GatewayMetrics.Timer eventDelay;
    private final Map<String, GatewayMetrics.Counter> byTags = new ConcurrentHashMap<>();

    RouteMeters(GatewayMetrics metrics, String routeId) {
        this.metrics = metrics;
        this.routeId = routeId;
        opened = metrics.counter(PREFIX + "streams.opened", "Streams opened: the response started", "route", routeId);
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason, metrics.counter(PREFIX + "streams.closed", "Streams closed, by reason",
                                               "route", routeId, "reason", reason.name().toLowerCase(Locale.ROOT)));
        }
        events = metrics.counter(PREFIX + "events.relayed", "Events written and flushed to clients",
                                 "route", routeId);
        bytes = metrics.counter(PREFIX + "bytes.relayed", "Bytes of events relayed to clients", "route", routeId);
        resumed = resumeCounter("success");
        resumeFailed = resumeCounter("failure");
        firstEvent = metrics.timer(PREFIX + "first.event", "From a stream's request to its first event flushed",
                                   "route", routeId);
        duration = metrics.timer(PREFIX + "stream.duration", "How long streams lasted, request to close",
                                 "route", routeId);
        eventDelay = metrics.timer(PREFIX + "event.delay",
                                   "Time the gateway adds per event: from reading its last byte to flushing it",
                                   "route", routeId);
    }

    /** Publishes the open-streams gauge, read from {@code open}. */
    void openStreams(LongSupplier open) {
        metrics.gauge(PREFIX + "streams.open", "Streams open now", open, "route", routeId);
    }

    GatewayMetrics.Counter opened() {
        return opened;
    }

    GatewayMetrics.Counter closed(CloseReason reason) {
        return closed.get(reason);
    }

    GatewayMetrics.Counter events() {
        return events;
    }

    GatewayMetrics.Counter bytes() {
        return bytes;
    }

    GatewayMetrics.Counter resumes(boolean success) {
        return success ? resumed : resumeFailed;
    }

    GatewayMetrics.Timer firstEvent() {
        return firstEvent;
    }

    GatewayMetrics.Timer duration() {
        return duration;
    }

    GatewayMetrics.Timer eventDelay() {
        return eventDelay;
    }

    /** Stream errors of one kind ({@code upstream_unreachable}, {@code event_too_large}, {@code transform}, ...). */
    GatewayMetrics.Counter errors(String kind) {
        return byTags.computeIfAbsent("errors " + kind, k -> metrics.counter(
                PREFIX + "errors", "Stream errors, by kind", "route", routeId, "kind", kind));
    }

    /** Requests answered without a stream, by status and reason. */
    GatewayMetrics.Counter rejected(int status, String reason) {
        return byTags.computeIfAbsent("rejected " + status + " " + reason, k -> metrics.counter(
                PREFIX + "requests.rejected", "Requests answered without a stream, by status and reason",
                "route", routeId, "status", String.valueOf(status), "reason", reason));
    }

    /** Requests an auth plugin denied, by status. */
    GatewayMetrics.Counter authDenials(int status) {
        return byTags.computeIfAbsent("auth " + status, k -> metrics.counter(
                PREFIX + "auth.denials", "Requests an auth plugin denied, by status",
                "route", routeId, "status", String.valueOf(status)));
    }

    /** Requests refused by a limit (status 429 or 503), by status. */
    GatewayMetrics.Counter limitRejections(int status) {
        return byTags.computeIfAbsent("limit " + status, k -> metrics.counter(
                PREFIX + "limit.rejections", "Requests refused by a stream limit (429 or 503), by status",
                "route", routeId, "status", String.valueOf(status)));
    }

    private GatewayMetrics.Counter resumeCounter(String outcome) {
        return metrics.counter(PREFIX + "resumes", "Mid-stream upstream reconnects with Last-Event-ID, by outcome",
                               "route", routeId, "outcome", outcome);
    }
}
