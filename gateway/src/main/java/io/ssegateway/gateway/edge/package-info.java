/** The public listener's edge: TLS, HTTP/2, request-head limits and timeout, security headers, Helidon-level error answers. */
package io.ssegateway.gateway.edge;
