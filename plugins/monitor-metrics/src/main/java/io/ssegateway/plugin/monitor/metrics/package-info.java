/** The {@code metrics} monitor plugin: per-route stream meters published in the gateway's metrics registry. */
package io.ssegateway.plugin.monitor.metrics;
