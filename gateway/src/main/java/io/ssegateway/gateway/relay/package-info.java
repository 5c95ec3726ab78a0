/**
 * The relay loops: one blocking loop per client stream, on the request's virtual thread, copying the upstream body to
 * the client. {@link io.ssegateway.gateway.relay.PassthroughLoop} passes an event stream's bytes as they came,
 * {@link io.ssegateway.gateway.relay.EventLoop} parses events and runs the route's transforms,
 * {@link io.ssegateway.gateway.relay.PlainCopyLoop} copies a body that is not an event stream; all share
 * {@link io.ssegateway.gateway.relay.RelayLoop}'s read, write and flush.
 */
package io.ssegateway.gateway.relay;
