/**
 * A client stream's state and what times it out: {@link io.ssegateway.gateway.stream.StreamState} (its connections,
 * counters and phase), {@link io.ssegateway.gateway.stream.StreamSupervisor} (one timer for all streams), the kinds of
 * {@link io.ssegateway.gateway.stream.Deadline} and the {@link io.ssegateway.gateway.stream.DeadlineWheel} streams
 * wait in until their next deadline may be due.
 */
package io.ssegateway.gateway.stream;
