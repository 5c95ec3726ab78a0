package io.ssegateway.plugin.monitor.accesslog;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.monitor.StreamMonitor;
import io.ssegateway.spi.monitor.StreamMonitorFactory;

import java.time.Clock;

/** Makes the {@code access-log} monitor. Option: {@code format = text|json} (default text). */
public final class AccessLogMonitorFactory implements StreamMonitorFactory {
    /** The {@code type} a route names. */
    public static final String NAME = "access-log";

    private final Clock clock;

    /** A factory whose monitors measure durations with the system clock. */
    public AccessLogMonitorFactory() {
        this(Clock.systemUTC());
    }

    AccessLogMonitorFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int spiVersion() {
        return Spi.MAJOR;
    }

    @Override
    public int spiMinorVersion() {
        return Spi.MINOR;
    }

    @Override
    public StreamMonitor create(PluginConfig config) {
        String format = config.string("format").orElse("text");
        LineFormat lineFormat = switch (format) {
            case "text" -> new TextLineFormat();
            case "json" -> new JsonLineFormat();
            default -> throw config.problem("format", "must be text or json", format);
        };
        return new AccessLogMonitor(lineFormat, clock);
    }
}
