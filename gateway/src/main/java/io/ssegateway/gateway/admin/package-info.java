/** The admin listener: {@code /observe/health}, {@code /observe/metrics}, and the live dashboard with its SSE feed. */
package io.ssegateway.gateway.admin;
