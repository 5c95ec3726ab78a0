/** The gateway's plugin SPI: factories, config and request views, the plugin context and metrics, for every kind. */
package io.ssegateway.spi;
