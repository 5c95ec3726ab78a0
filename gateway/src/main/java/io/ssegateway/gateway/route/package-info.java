/** Routes at runtime: matching a request path to a route and the route's plugins and upstream client. */
package io.ssegateway.gateway.route;
