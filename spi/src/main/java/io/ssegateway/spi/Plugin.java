package io.ssegateway.spi;

/**
 * What every plugin instance is, whatever its kind: something the gateway closes once it is done with it. The five
 * instance interfaces ({@link io.ssegateway.spi.auth.Authenticator}, {@link io.ssegateway.spi.transform.EventTransform},
 * {@link io.ssegateway.spi.balancer.Balancer}, {@link io.ssegateway.spi.monitor.StreamMonitor},
 * {@link io.ssegateway.spi.broker.Broker}) extend it.
 *
 * @since SPI 1.1
 */
public interface Plugin extends AutoCloseable {
    /**
     * Releases what this instance holds (threads, files, connections). The gateway calls it exactly once per
     * instance: when it stops, after its streams have drained and its listeners have stopped, so no other method of
     * the instance is running or called again; and when it fails to start after the instance was made. It runs with
     * the plugin's classloader as the thread's context classloader. An exception is logged with the plugin's name
     * and route, and the gateway's other plugin instances are closed all the same. The default does nothing.
     *
     * @throws Exception when releasing failed; it is logged, never rethrown
     */
    @Override
    default void close() throws Exception {
    }
}
