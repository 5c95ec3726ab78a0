package io.ssegateway.gateway.plugin;

import io.ssegateway.spi.PluginFactory;
import io.ssegateway.spi.auth.AuthenticatorFactory;
import io.ssegateway.spi.balancer.BalancerFactory;
import io.ssegateway.spi.broker.BrokerFactory;
import io.ssegateway.spi.monitor.StreamMonitorFactory;
import io.ssegateway.spi.transform.EventTransformFactory;

/** The kinds of plugin and the factory interface each is found by. */
enum PluginKind {
    AUTH("auth", AuthenticatorFactory.class),
    TRANSFORM("transform", EventTransformFactory.class),
    BALANCER("balancer", BalancerFactory.class),
    MONITOR("monitor", StreamMonitorFactory.class),
    BROKER("broker", BrokerFactory.class);

    private final String label;
    private final Class<? extends PluginFactory<?>> factoryType;

    PluginKind(String label, Class<? extends PluginFactory<?>> factoryType) {
        this.label = label;
        this.factoryType = factoryType;
    }

    /** The kind as users read it. */
    String label() {
        return label;
    }

    /** The ServiceLoader interface. */
    Class<? extends PluginFactory<?>> factoryType() {
        return factoryType;
    }
}
