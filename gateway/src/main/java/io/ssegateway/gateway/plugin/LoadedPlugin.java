package io.ssegateway.gateway.plugin;

import io.ssegateway.spi.PluginConfig;
import io.ssegateway.spi.PluginContext;
import io.ssegateway.spi.PluginFactory;

/**
 * A plugin factory found in a jar or folder.
 *
 * @param kind    its kind
 * @param factory the factory
 * @param source  the jar or folder it came from
 * @param loader  its classloader
 */
record LoadedPlugin(PluginKind kind, PluginFactory<?> factory, String source, ClassLoader loader) {
    /** The plugin's name. */
    String name() {
        return factory.name();
    }

    /** Calls the factory with the plugin's classloader as the context loader (libraries such as Jackson use it). */
    Object create(PluginConfig config, PluginContext context) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return factory.create(config, context);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
