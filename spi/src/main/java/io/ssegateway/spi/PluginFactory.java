package io.ssegateway.spi;

/**
 * A named maker of one plugin kind; the common part of the four factory interfaces.
 *
 * @param <T> what the factory makes
 */
public interface PluginFactory<T> {
    /** The name a route uses to pick this plugin ({@code type = "..."}); lower-case, unique among all plugins. */
    String name();

    /** The SPI version this plugin was compiled against: implement as {@code return Spi.VERSION;}. */
    int spiVersion();

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
