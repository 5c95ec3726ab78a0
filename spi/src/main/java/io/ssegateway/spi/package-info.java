/** The gateway's plugin SPI: factories, the config view and the request view shared by every plugin kind. */
package io.ssegateway.spi;
