/**
 * Broker plugins: where channels keep their events and history, and how every gateway instance follows them.
 *
 * <p>A channel is a named, ordered log of {@link io.ssegateway.spi.broker.ChannelEvent}s that publishers append to
 * (over {@code POST} on a channel route) and subscribers read (over SSE, long-polling or NDJSON). The gateway asks
 * the configured {@link io.ssegateway.spi.broker.Broker} for a {@link io.ssegateway.spi.broker.BrokerChannel} per
 * channel and does the fan-out to its own clients itself: it follows each channel once per gateway instance, however
 * many clients subscribe. The default broker keeps channels in the gateway's memory (one instance); a broker such as
 * Redis lets several instances share them.
 *
 * <p>Every method that reaches the store may throw {@link io.ssegateway.spi.broker.BrokerUnavailableException}: the
 * gateway answers publishers {@code 503} and keeps subscribers' streams open with heartbeats until the broker is back.
 *
 * @since SPI 1.2
 */
package io.ssegateway.spi.broker;
