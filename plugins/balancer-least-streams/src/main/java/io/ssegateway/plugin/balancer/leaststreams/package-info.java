/** The "least-streams" balancer: a new stream goes to the usable upstream with the fewest open streams. */
package io.ssegateway.plugin.balancer.leaststreams;
