/**
 * Shared streams: one upstream event stream serves every client of a route whose share key is equal. A
 * {@link io.ssegateway.gateway.share.SharedStream} reads its upstream on one virtual thread, splits it into whole
 * event blocks ({@link io.ssegateway.gateway.share.SharedEvent}), keeps the last ones for replay and hands each to
 * every client's bounded {@link io.ssegateway.gateway.share.ClientQueue}; each client writes on its own request
 * thread. {@link io.ssegateway.gateway.share.ShareRegistry} finds or opens the shared stream of a key.
 */
package io.ssegateway.gateway.share;
