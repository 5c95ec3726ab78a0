package io.ssegateway.spi.balancer;

import io.ssegateway.spi.PluginFactory;

/** The ServiceLoader entry of a balancer plugin. */
public interface BalancerFactory extends PluginFactory<Balancer> {
}
