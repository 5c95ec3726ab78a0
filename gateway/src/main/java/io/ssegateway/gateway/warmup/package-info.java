/** Runs a few event streams through the relay at start, so the first clients do not pay for a cold JVM. */
package io.ssegateway.gateway.warmup;
