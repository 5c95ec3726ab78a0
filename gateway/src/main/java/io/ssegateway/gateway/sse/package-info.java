/** The server-sent events codec: an incremental WHATWG parser, an event writer, a block boundary tracker and the
 * id/retry readers of passthrough. */
package io.ssegateway.gateway.sse;
