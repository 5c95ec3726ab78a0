/**
 * The upstream side of a stream: {@link io.ssegateway.gateway.upstream.UpstreamCall} (balancer pick, failover until
 * the first byte, on a thread of its own: OwnThread), the request as forwarded
 * ({@link io.ssegateway.gateway.upstream.UpstreamRequest}, HopByHop, Cookies, the client's body: ClientBody), and the response
 * body read from the socket ({@link io.ssegateway.gateway.upstream.UpstreamBody}: ChunkedBodyReader, ConnectionBody,
 * CloseDelimitedBody; FinalResponse skips interim responses).
 */
package io.ssegateway.gateway.upstream;
