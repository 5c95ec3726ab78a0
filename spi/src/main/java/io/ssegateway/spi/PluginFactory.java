package io.ssegateway.spi;

/**
 * A named maker of one plugin kind; the common part of the four factory interfaces.
 *
 * @param <T> what the factory makes
 */
public interface PluginFactory<T> {
    /** The name a route uses to pick this plugin ({@code type = "..."}); lower-case, unique among all plugins. */
    String name();

    /**
     * The major version of the SPI this plugin was compiled against: implement as {@code return Spi.MAJOR;}.
     * (Plugins built for SPI 1.0 return {@code Spi.VERSION}, the same number.) The gateway loads the plugin only
     * when this equals its own major version; see {@link Spi} for the rule.
     */
    int spiVersion();

    /**
     * The minor version of the SPI this plugin was compiled against: implement as {@code return Spi.MINOR;}. The
     * gateway loads the plugin only when this is at most its own minor version; see {@link Spi} for the rule.
     *
     * @return the minor version; the default, 0, is what a plugin built for SPI 1.0 (before minor versions) declares
     * @since SPI 1.1
     */
    default int spiMinorVersion() {
        return 0;
    }

    /** Validates the plugin's config and builds the plugin; throws {@link PluginConfigException} on bad config. */
    T create(PluginConfig config);

    /**
     * Builds the plugin for one route, with the gateway's {@link PluginContext} (route id, metrics). The gateway
     * calls this one; the default ignores the context and calls {@link #create(PluginConfig)}, so a plugin that
     * needs no context implements only that.
     */
    default T create(PluginConfig config, PluginContext context) {
        return create(config);
    }
}
