/** What the gateway knows about itself while it runs: per-route stream stats, health and its metrics registry. */
package io.ssegateway.gateway.observe;
