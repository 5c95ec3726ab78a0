/** The "round-robin" balancer: new streams go to the usable upstreams in turn. */
package io.ssegateway.plugin.balancer.roundrobin;
