/** Fakes of the SPI's views (config, request, stream) and helpers for the plugin modules' unit tests. */
package io.ssegateway.plugin.testkit;
