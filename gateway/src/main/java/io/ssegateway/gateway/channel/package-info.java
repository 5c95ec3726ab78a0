/**
 * Channels as HTTP sees them: what a publish request's body means ({@link io.ssegateway.gateway.channel.PublishedEvents},
 * JSON or {@code text/event-stream}), and how events are written for clients that cannot hold an event stream
 * (JSON arrays for long-polls, one JSON object per line for NDJSON).
 */
package io.ssegateway.gateway.channel;
