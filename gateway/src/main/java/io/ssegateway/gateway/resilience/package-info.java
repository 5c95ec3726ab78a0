/** Upstream health (passive ejection, active checks), stream limits and resume backoff. */
package io.ssegateway.gateway.resilience;
