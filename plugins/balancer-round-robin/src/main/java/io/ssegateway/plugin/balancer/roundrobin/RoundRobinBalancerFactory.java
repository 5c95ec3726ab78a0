package io.ssegateway.plugin.balancer.roundrobin;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.balancer.BalancerFactory;

/** Makes the {@code round-robin} balancer; it takes no options. */
public final class RoundRobinBalancerFactory implements BalancerFactory {
    /** The {@code type} a route names. */
    public static final String NAME = "round-robin";

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
        return new RoundRobinBalancer();
    }
}
