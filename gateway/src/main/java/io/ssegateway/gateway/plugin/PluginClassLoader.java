package io.ssegateway.gateway.plugin;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The classloader of one plugin jar or folder. It sees the JDK (its parent is the platform loader), its own jars,
 * and from the gateway only the SPI packages, as Trino's PluginClassLoader does: two plugins may bundle different
 * versions of one library, and no plugin sees Helidon or the gateway's internals.
 */
final class PluginClassLoader extends URLClassLoader {
    private static final String SPI_PREFIX = "io.ssegateway.spi.";

    private final ClassLoader spiLoader;
    private final String source;

    PluginClassLoader(String source, URL[] jars, ClassLoader spiLoader) {
        super("plugin:" + source, jars, ClassLoader.getPlatformClassLoader());
        this.spiLoader = spiLoader;
        this.source = source;
    }

    /** Where the plugin came from (a jar or folder under the plugins dir). */
    String source() {
        return source;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PREFIX)) {
            return spiLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
