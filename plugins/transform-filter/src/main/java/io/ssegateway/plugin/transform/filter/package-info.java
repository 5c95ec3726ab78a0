/** The "filter" transform: keeps or drops events by their type or by a field of their JSON data. */
package io.ssegateway.plugin.transform.filter;
