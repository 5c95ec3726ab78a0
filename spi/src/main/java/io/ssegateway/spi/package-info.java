/**
 * The gateway's plugin SPI: factories, config and request views, the plugin context and metrics, for every kind;
 * {@link io.ssegateway.spi.Plugin}, what every plugin instance is; {@link io.ssegateway.spi.Spi}, the SPI's version
 * and the rule by which a gateway accepts a plugin built for another.
 */
package io.ssegateway.spi;
