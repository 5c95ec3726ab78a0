package io.ssegateway.plugin.balancer.leaststreams;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.balancer.BalancerFactory;

/** Makes the {@code least-streams} balancer, the gateway's default; it takes no options. */
public final class LeastStreamsBalancerFactory implements BalancerFactory {
    /** The {@code type} a route names. */
    public static final String NAME = "least-streams";

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
    public Balancer create(PluginConfig config) {
        return new LeastStreamsBalancer();
    }
}
