/** Balancer plugins: pick the upstream for a new stream. */
package io.ssegateway.spi.balancer;
