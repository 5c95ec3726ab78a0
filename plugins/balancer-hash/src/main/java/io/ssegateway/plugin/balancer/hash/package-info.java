/** The "hash" balancer: a request key is hashed onto a consistent-hash ring of the usable upstreams. */
package io.ssegateway.plugin.balancer.hash;
