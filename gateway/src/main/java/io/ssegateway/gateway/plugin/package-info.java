/** Finding plugin jars, giving each its own classloader, and building each route's plugin instances from config. */
package io.ssegateway.gateway.plugin;
