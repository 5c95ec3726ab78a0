package io.ssegateway.gateway.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Loads the gateway's HOCON config, checks all of it and returns immutable {@link GatewaySettings}, or throws a
 * {@link ConfigException} listing every problem in file order.
 * <p>
 * Sources, highest priority first: environment variables (mapped as described on {@link EnvironmentOverrides}:
 * {@code SERVER_PORT=9000} sets {@code server.port}, {@code ROUTES_0_TIMEOUTS_FIRST_BYTE=10s} sets
 * {@code routes[0].timeouts.first-byte}), then the config file. Nothing else is read: no system properties, no
 * {@code application.*} discovery. {@code include "x.conf"} resolves relative to the including file and
 * {@code ${...}} substitutions are resolved ({@code ${?VAR}} from the same environment map).
 */
public final class ConfigLoader {
    private static final String INLINE_SOURCE = "<inline config>";

    private ConfigLoader() {
    }

    /**
     * Loads a config file with the process environment.
     *
     * @param configFile the HOCON file
     * @param home       the gateway's home folder (relative paths resolve against it)
     * @return the settings
     * @throws ConfigException listing every problem
     */
    public static GatewaySettings load(Path configFile, Path home) {
        return load(configFile, home, System.getenv());
    }

    /**
     * Loads a config file.
     *
     * @param configFile the HOCON file
     * @param home       the gateway's home folder (relative paths resolve against it)
     * @param env        environment variables that override config keys and feed {@code ${VAR}} substitutions
     * @return the settings
     * @throws ConfigException listing every problem
     */
    public static GatewaySettings load(Path configFile, Path home, Map<String, String> env) {
        return settings(HoconSource.file(configFile, env), configFile.toString(), home);
    }

    /**
     * Loads config from HOCON text (tests and tools); {@code include} there resolves against the working directory.
     *
     * @param hocon the HOCON text
     * @param home  the gateway's home folder (relative paths resolve against it)
     * @param env   environment variables that override config keys and feed {@code ${VAR}} substitutions
     * @return the settings
     * @throws ConfigException listing every problem
     */
    public static GatewaySettings loadString(String hocon, Path home, Map<String, String> env) {
        return settings(HoconSource.string(hocon, INLINE_SOURCE, env), INLINE_SOURCE, home);
    }

    private static GatewaySettings settings(HoconSource.Parsed parsed, String source, Path home) {
        Problems problems = new Problems();
        Path absoluteHome = home.toAbsolutePath().normalize();
        GatewaySettings settings = SettingsReader.read(new SettingsNode(parsed.config(), "", problems), absoluteHome);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.inFileOrder(parsed.lines()));
        }
        return settings;
    }
}
