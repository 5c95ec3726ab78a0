package io.ssegateway.gateway.broker;

import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.broker.BrokerContract;

/**
 * The broker contract (the SPI's test jar) on the built-in memory broker, with the shipped {@code history-bytes}
 * (16 MiB). Its instances share nothing, and its ids are a counter, the contract's defaults.
 */
class MemoryBrokerContractTest extends BrokerContract {
    @Override
    protected Broker newBroker() {
        return new MemoryBroker(16L << 20);
    }
}
