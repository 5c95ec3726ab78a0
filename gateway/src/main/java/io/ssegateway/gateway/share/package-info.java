/**
 * Shared streams: one upstream event stream serves every client of a route whose share key is equal. A
 * {@link io.ssegateway.gateway.share.SharedStream} holds the stream's life and its clients; its
 * {@link io.ssegateway.gateway.share.SharedReader} (one virtual thread) opens the upstream
 * ({@link io.ssegateway.gateway.share.UpstreamOpener}), reads it into whole event blocks
 * ({@link io.ssegateway.gateway.share.SharedBlocks} makes the {@link io.ssegateway.gateway.share.SharedEvent}s,
 * transforms run there once) and resumes it when it breaks; its {@link io.ssegateway.gateway.share.Publisher} hands
 * what was read, batched while a fan-out runs, to the {@link io.ssegateway.gateway.share.Fanout}, which keeps the last
 * blocks for replay and hands them to every client's bounded {@link io.ssegateway.gateway.share.ClientQueue}; each
 * client writes on its own request thread, all it has queued at once. {@link io.ssegateway.gateway.share.ShareRegistry} finds or opens the
 * shared stream of a key.
 */
package io.ssegateway.gateway.share;
