package io.ssegateway.plugin.testkit;

import java.util.List;
import java.util.ServiceLoader;

import io.ssegateway.spi.PluginFactory;
import io.ssegateway.spi.Spi;

/** Checks that a plugin module registers its factory where the gateway's loader looks for it. */
public final class Registration {
    private Registration() {
    }

    /**
     * Finds the factory of {@code kind} named {@code name} through {@link ServiceLoader} (the module's
     * {@code META-INF/services} file), as the gateway does, and fails (AssertionError) unless exactly one is
     * registered, it is an {@code expected}, and it declares the SPI version it was built against ({@link Spi}).
     *
     * @param kind     the factory interface, such as {@code AuthenticatorFactory.class}
     * @param name     the plugin's type name in config
     * @param expected the factory class the module should register
     * @param <F>      the factory interface
     * @return the registered factory
     */
    public static <F extends PluginFactory<?>> F assertRegistered(Class<F> kind, String name,
                                                                   Class<? extends F> expected) {
        List<F> named = ServiceLoader.load(kind).stream().map(ServiceLoader.Provider::get)
                .filter(factory -> factory.name().equals(name)).toList();
        if (named.size() != 1) {
            throw new AssertionError(named.size() + " " + kind.getSimpleName() + "s named " + name
                                             + " are registered, not 1: " + named);
        }
        F factory = named.getFirst();
        if (factory.getClass() != expected) {
            throw new AssertionError(name + " is registered as " + factory.getClass().getName() + ", not "
                                             + expected.getName());
        }
        if (factory.spiVersion() != Spi.MAJOR || factory.spiMinorVersion() != Spi.MINOR) {
            throw new AssertionError(name + " declares SPI " + factory.spiVersion() + "." + factory.spiMinorVersion()
                                             + ", built against " + Spi.MAJOR + "." + Spi.MINOR);
        }
        return factory;
    }
}
