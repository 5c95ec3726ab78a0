package io.ssegateway.plugin.monitor.metrics;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.PluginContext;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.monitor.StreamMonitor;
import io.ssegateway.spi.monitor.StreamMonitorFactory;

/**
 * Makes the {@code metrics} monitor: one per route, publishing that route's meters (listed on {@link RouteMeters})
 * into the gateway's registry. It has no options.
 */
public final class MetricsMonitorFactory implements StreamMonitorFactory {
    /** The {@code type} a route names. */
    public static final String NAME = "metrics";

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

    /** Not used by the gateway, which passes its metrics registry through the context. */
    @Override
    public StreamMonitor create(PluginConfig config) {
        throw new UnsupportedOperationException("the metrics monitor publishes into the gateway's registry: "
                                                + "create it with create(config, context)");
    }

    @Override
    public StreamMonitor create(PluginConfig config, PluginContext context) {
        return new MetricsMonitor(new RouteMeters(context.metrics(), context.routeId()));
    }
}
