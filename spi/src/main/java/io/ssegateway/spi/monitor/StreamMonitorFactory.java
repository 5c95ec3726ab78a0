package io.ssegateway.spi.monitor;

import io.ssegateway.spi.PluginFactory;

/** The ServiceLoader entry of a monitor plugin. */
public interface StreamMonitorFactory extends PluginFactory<StreamMonitor> {
}
