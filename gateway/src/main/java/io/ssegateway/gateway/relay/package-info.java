/** The relay: one blocking loop per client stream, on the request's virtual thread, and what supervises it. */
package io.ssegateway.gateway.relay;
