/**
 * The relay loops: one blocking loop per client stream, on the request's virtual thread, copying the upstream body to
 * the client. {@link io.ssegateway.gateway.relay.PassthroughLoop} passes an event stream's bytes as they came,
 * {@link io.ssegateway.gateway.relay.TransformLoop} parses events and runs the route's transforms,
 * {@link io.ssegateway.gateway.relay.PlainCopyLoop} copies a body that is not an event stream; all share
 * {@link io.ssegateway.gateway.relay.RelayLoop}'s read, write and flush. Where the client's stream stands is a
 * ClientOutput, which the stream's HeartbeatWriter reads to know what may go in; what a resume starts from is a
 * {@link io.ssegateway.gateway.relay.ResumePoint}.
 */
package io.ssegateway.gateway.relay;
