/**
 * Reloading the configuration, plugins and TLS certificate while streams stay open: each reload is read and
 * checked in full ({@link io.ssegateway.gateway.reload.Reloader}), then becomes a new immutable
 * {@link io.ssegateway.gateway.reload.Generation} that new requests take; open streams keep the generation they
 * started with until they end. Triggers: SIGHUP ({@link io.ssegateway.gateway.reload.ReloadSignal}), {@code POST
 * /admin/reload}, {@code bin/sse-gateway reload} ({@link io.ssegateway.gateway.reload.ReloadCommand}, which finds
 * the running gateway by its {@link io.ssegateway.gateway.reload.PidFile}) and, with {@code reload.watch}, a change
 * of a file under {@code conf/} or the plugins folder ({@link io.ssegateway.gateway.reload.ConfigWatch}).
 */
package io.ssegateway.gateway.reload;
