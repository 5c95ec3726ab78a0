/**
 * Checks on hostile request input before any route sees it: ambiguous paths, header values that carry line breaks;
 * and foreign text escaped before it reaches a log line or an error body.
 */
package io.ssegateway.gateway.guard;
