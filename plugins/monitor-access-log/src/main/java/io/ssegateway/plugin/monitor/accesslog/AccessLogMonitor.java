package io.ssegateway.plugin.monitor.accesslog;

import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.monitor.StreamMonitor;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs one INFO line per stream open, stream close and rejected request on the logger {@value #LOGGER_NAME}.
 * It logs the request path but never the query string, headers or cookies, where credentials travel.
 */
final class AccessLogMonitor implements StreamMonitor {
    /** The java.util.logging logger the lines go to, so they can be routed to their own file. */
    static final String LOGGER_NAME = "sse-gateway.access";
    private static final Logger LOGGER = Logger.getLogger(LOGGER_NAME);

    private final LineFormat format;
    private final Clock clock;

    AccessLogMonitor(LineFormat format, Clock clock) {
        this.format = format;
        this.clock = clock;
    }

    @Override
    public void streamOpened(StreamInfo stream) {
        if (LOGGER.isLoggable(Level.INFO)) {
            LOGGER.info(format.render(streamLine("open", stream)));
        }
    }

    @Override
    public void streamClosed(StreamInfo stream, CloseReason reason) {
        if (LOGGER.isLoggable(Level.INFO)) {
            long millis = Math.max(0, Duration.between(stream.started(), clock.instant()).toMillis());
            AccessLine line = streamLine("close", stream)
                    .number("duration_ms", millis)
                    .number("events", stream.events())
                    .number("bytes", stream.bytes())
                    .text("reason", reason.name().toLowerCase(Locale.ROOT));
            LOGGER.info(format.render(line));
        }
    }

    @Override
    public void requestRejected(RequestView request, int status, String reason) {
        if (LOGGER.isLoggable(Level.INFO)) {
            AccessLine line = AccessLine.of("rejected")
                    .text("route", request.routeId())
                    .text("method", request.method())
                    .text("path", request.path())
                    .text("client", request.clientAddress())
                    .text("identity", request.identity().orElse(""))
                    .number("status", status)
                    .text("reason", reason);
            LOGGER.info(format.render(line));
        }
    }

    private static AccessLine streamLine(String event, StreamInfo stream) {
        return AccessLine.of(event)
                .text("route", stream.routeId())
                .number("stream", stream.streamId())
                .text("upstream", stream.upstream())
                .text("client", stream.clientAddress())
                .text("identity", stream.identity())
                .number("status", stream.status());
    }
}
