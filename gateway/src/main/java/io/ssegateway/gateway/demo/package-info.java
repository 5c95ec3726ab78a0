/** The built-in demo SSE origin the default config routes to. */
package io.ssegateway.gateway.demo;
