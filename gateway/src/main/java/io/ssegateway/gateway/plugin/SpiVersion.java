package io.ssegateway.gateway.plugin;

import io.ssegateway.spi.PluginFactory;
import io.ssegateway.spi.Spi;

import java.util.Optional;

/**
 * An SPI version, major.minor, and the rule by which a gateway loads a plugin: the plugin's major version equals the
 * gateway's and its minor version is at most the gateway's (see {@link Spi}).
 *
 * @param major changes when something a plugin relies on is removed or changed
 * @param minor grows when the SPI gains something (a default method, a type) without breaking older plugins
 */
record SpiVersion(int major, int minor) {
    /** The rule, as a rejection states it. */
    static final String RULE = "a plugin loads when its major version equals the gateway's and its minor version is"
                               + " at most the gateway's";

    /** The SPI this gateway implements. */
    static SpiVersion gateway() {
        return new SpiVersion(Spi.MAJOR, Spi.MINOR);
    }

    /** The SPI a plugin was built for, as its factory declares it (a plugin built for SPI 1.0 declares 1.0). */
    static SpiVersion of(PluginFactory<?> factory) {
        return new SpiVersion(factory.spiVersion(), factory.spiMinorVersion());
    }

    /**
     * Why a gateway with this SPI cannot load a plugin built for {@code plugin}, or empty when it can.
     *
     * @param plugin the version the plugin was built for
     * @return the reason, ending with what to do
     */
    Optional<String> refusal(SpiVersion plugin) {
        if (plugin.major != major) {
            return Optional.of("major version " + plugin.major + " is not the gateway's " + major + " (" + RULE
                               + "); use a build of the plugin for SPI " + major + ".x");
        }
        if (plugin.minor > minor) {
            return Optional.of("minor version " + plugin.minor + " is above the gateway's " + minor + " (" + RULE
                               + "); use a build of the plugin for SPI " + this + " or older, or a newer gateway");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
