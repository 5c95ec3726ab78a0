package io.ssegateway.spi;

/** Facts about this SPI that plugins compile against. */
public final class Spi {
    /**
     * The SPI version. A factory returns it from {@link PluginFactory#spiVersion()}; the constant is inlined
     * when the plugin is compiled, so the loader sees the version the plugin was built against.
     */
    public static final int VERSION = 1;

    private Spi() {
    }
}
