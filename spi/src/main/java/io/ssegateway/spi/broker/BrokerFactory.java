package io.ssegateway.spi.broker;

import io.ssegateway.spi.PluginFactory;

/**
 * The ServiceLoader entry of a broker plugin. {@link #name()} is what {@code broker { type = "..." }} names; the
 * plugin's config is the rest of the {@code broker} object, and its {@link io.ssegateway.spi.PluginContext#routeId()}
 * is {@code "broker"}.
 *
 * @since SPI 1.2
 */
public interface BrokerFactory extends PluginFactory<Broker> {
}
