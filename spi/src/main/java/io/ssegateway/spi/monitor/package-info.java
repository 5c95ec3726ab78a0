/** Monitor plugins: hear what streams do; they cannot change a stream. */
package io.ssegateway.spi.monitor;
