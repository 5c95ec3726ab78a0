/**
 * The {@code redis} broker: each channel is a Redis stream, so every gateway instance on one Redis shares its
 * channels. Publishing is {@code XADD} (several events in one {@code MULTI}/{@code EXEC}), history is trimmed with
 * {@code MAXLEN ~} and {@code MINID}, replay is {@code XRANGE}/{@code XREVRANGE}, and a follower reads with
 * {@code XREAD BLOCK} on a connection of its own. The client library, Jedis, is bundled in the plugin's folder.
 */
package io.ssegateway.plugin.broker.redis;
