/** Per-route CORS: preflights answered at the gateway, allow headers on responses, the upstream's own CORS headers replaced. */
package io.ssegateway.gateway.cors;
