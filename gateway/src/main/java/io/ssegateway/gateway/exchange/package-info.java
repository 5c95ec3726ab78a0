/**
 * One client request from the route match to the end of its stream.
 * {@link io.ssegateway.gateway.exchange.ProxyHandler} checks the request, matches the route and applies CORS;
 * {@link io.ssegateway.gateway.exchange.StreamExchange} runs auth, stream limits, the upstream call, the relay loop and
 * resumes; {@link io.ssegateway.gateway.exchange.SharedExchange} serves a client of a shared stream instead, and
 * ChannelExchange a channel's subscriber; every client fed from a queue (shared, channel, NDJSON) is written by one
 * QueuedClientWriter. The client side lives here too: watching for a gone client (ClientWatch, Http2ClientWatch), the
 * plugins' view of the request (ClientRequestView) and the chunk framing of the response (ClientChunkedWriter).
 */
package io.ssegateway.gateway.exchange;
