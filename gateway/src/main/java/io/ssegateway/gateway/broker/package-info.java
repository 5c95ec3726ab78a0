/**
 * The built-in memory broker ({@code broker { type = "memory" }}, the default): each channel's events and history in
 * this gateway's memory, for one instance. A broker plugin (such as Redis) replaces it for a fleet.
 */
package io.ssegateway.gateway.broker;
