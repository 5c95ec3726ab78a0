package io.ssegateway.spi;

/**
 * Facts about this SPI that plugins compile against: its version, {@link #MAJOR}.{@link #MINOR}.
 *
 * <p>A gateway loads a plugin when the plugin's major version equals the gateway's and the plugin's minor version is
 * at most the gateway's: a plugin built for SPI 1.0 loads into a gateway with SPI 1.3, one built for 1.3 does not load
 * into a gateway with 1.0 (it may use what 1.0 lacks), and no 1.x plugin loads into a 2.x gateway. The minor grows
 * when the SPI gains something a plugin may use without breaking older plugins (a default method, a new type); the
 * major changes when something a plugin relies on is removed or changed.
 *
 * <p>The constants are compile-time constants: {@code javac} copies their values into the plugin's class, so the
 * numbers a factory returns from {@link PluginFactory#spiVersion()} and {@link PluginFactory#spiMinorVersion()} are
 * the ones the plugin was built against, whatever SPI the gateway that loads it has.
 */
public final class Spi {
    /** The SPI's major version. A factory returns it from {@link PluginFactory#spiVersion()}. */
    public static final int MAJOR = 1;

    /**
     * The SPI's minor version. A factory returns it from {@link PluginFactory#spiMinorVersion()}.
     *
     * <ul>
     *   <li>0: the first SPI (a plugin built for it returns only {@link #VERSION}).</li>
     *   <li>1: plugin instances have {@code close()}, called once when the gateway is done with them.</li>
     *   <li>2: broker plugins ({@link io.ssegateway.spi.broker}): where channels keep their events.</li>
     * </ul>
     */
    public static final int MINOR = 2;

    /**
     * The major version under the name plugins built for SPI 1.0 return from {@link PluginFactory#spiVersion()};
     * such plugins still load (their minor version is 0).
     *
     * @deprecated return {@link #MAJOR} from {@link PluginFactory#spiVersion()} and {@link #MINOR} from
     *             {@link PluginFactory#spiMinorVersion()}
     */
    @Deprecated
    public static final int VERSION = MAJOR;

    private Spi() {
    }
}
