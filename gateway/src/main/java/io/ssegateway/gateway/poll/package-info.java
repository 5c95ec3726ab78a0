/**
 * Polled HTTP as a stream: a route with {@code source { poll { url ... } }} instead of upstreams. One
 * {@link io.ssegateway.gateway.poll.SourcePoller} per route fetches the URL once per interval while the route has
 * subscribers (and {@code linger} after the last left), with conditional requests, and publishes each change of
 * the body as an event into an in-memory channel, whose subscribers are served exactly like a channel's.
 */
package io.ssegateway.gateway.poll;
