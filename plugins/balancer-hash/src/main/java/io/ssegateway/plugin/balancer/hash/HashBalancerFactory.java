package io.ssegateway.plugin.balancer.hash;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.Spi;
import io.ssegateway.spi.balancer.Balancer;
import io.ssegateway.spi.balancer.BalancerFactory;

import java.util.Optional;

/**
 * Makes the {@code hash} balancer. Options: {@code key} ({@code client-ip} (default), {@code header},
 * {@code query-param}, {@code identity}), {@code name} (the header or parameter, required for those two) and
 * {@code virtual-nodes} (ring points per upstream, default 160).
 */
public final class HashBalancerFactory implements BalancerFactory {
    /** The {@code type} a route names. */
    public static final String NAME = "hash";
    /** Ring points per upstream when {@code virtual-nodes} is absent. */
    public static final int DEFAULT_VIRTUAL_NODES = 160;
    private static final int MAX_VIRTUAL_NODES = 10_000;

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
        return new HashBalancer(requestKey(config), virtualNodes(config));
    }

    private static RequestKey requestKey(PluginConfig config) {
        String keyName = config.string("key").orElse(KeySource.CLIENT_IP.configName());
        KeySource source = KeySource.named(keyName)
                .orElseThrow(() -> config.problem("key", "must be one of " + KeySource.choices(), keyName));
        Optional<String> name = config.string("name");
        if (source.needsName()) {
            String required = name.orElseThrow(() -> config.problem("name",
                    "required with key = " + source.configName() + " (the " + what(source) + " to hash)",
                    "nothing"));
            if (required.isBlank()) {
                throw config.problem("name", "must not be blank", '"' + required + '"');
            }
            return new RequestKey(source, required.strip());
        }
        if (name.isPresent()) {
            throw config.problem("name", "only used with key = header or query-param, not with key = "
                    + source.configName(), name.get());
        }
        return new RequestKey(source, "");
    }

    private static String what(KeySource source) {
        return source == KeySource.HEADER ? "header name" : "query parameter name";
    }

    private static int virtualNodes(PluginConfig config) {
        int nodes = config.integer("virtual-nodes").orElse(DEFAULT_VIRTUAL_NODES);
        if (nodes < 1 || nodes > MAX_VIRTUAL_NODES) {
            throw config.problem("virtual-nodes", "must be between 1 and " + MAX_VIRTUAL_NODES, nodes);
        }
        return nodes;
    }
}
