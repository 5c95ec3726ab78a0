package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.config.ConfigLoader;
import io.ssegateway.gateway.config.GatewaySettings;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the gateway's config comes from, read again at each reload.
 *
 * @param configFile the HOCON file
 * @param home       the gateway's home folder
 * @param env        the environment overrides and substitutions
 */
public record ConfigSource(Path configFile, Path home, Map<String, String> env) {
    /** Copies the environment. */
    public ConfigSource {
        env = Map.copyOf(env);
    }

    /**
     * Reads and checks the config.
     *
     * @throws io.ssegateway.gateway.config.ConfigException listing every problem
     */
    public GatewaySettings load() {
        return ConfigLoader.load(configFile, home, env);
    }
}
