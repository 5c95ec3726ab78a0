/** The server-sent events codec: an incremental WHATWG parser, an event writer and a block boundary tracker. */
package io.ssegateway.gateway.sse;
